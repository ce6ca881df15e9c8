using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

public sealed class MentionConfiguration : IEntityTypeConfiguration<UserMention>
{
    public void Configure(EntityTypeBuilder<UserMention> mention)
    {
        // mentionsOfMe pages a user's rows newest first; Message.mentions reads a page's messages' rows.
        mention.HasIndex(m => new { m.UserId, m.Id });
        mention.HasIndex(m => new { m.MessageId, m.UserId }).IsUnique();
        mention.HasOne<Message>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
