using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

public sealed class UserBlockConfiguration : IEntityTypeConfiguration<UserBlock>
{
    public void Configure(EntityTypeBuilder<UserBlock> block)
    {
        // The key makes blocking twice one row; the index answers "who blocked the sender" for a direct send.
        block.HasKey(b => new { b.BlockerId, b.BlockedId });
        block.HasIndex(b => b.BlockedId);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}
