using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Groups;

public sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> group)
    {
        group.Property(g => g.Name).HasMaxLength(GroupRules.NameMaxLength);
        group.Property(g => g.Description).HasMaxLength(GroupRules.DescriptionMaxLength);
        group.Property(g => g.AvatarUrl).HasMaxLength(AccountRules.AvatarUrlMaxLength);
        group.HasIndex(g => g.ConversationId).IsUnique();
        group.HasOne(g => g.Conversation).WithOne().HasForeignKey<Group>(g => g.ConversationId).OnDelete(DeleteBehavior.Cascade);
        group.HasOne<User>().WithMany().HasForeignKey(g => g.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
