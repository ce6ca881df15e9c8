using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Reactions;

public sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> reaction)
    {
        reaction.Property(r => r.Emoji).HasMaxLength(ReactionRules.EmojiMaxLength);
        // One reaction per member and emoji (adding twice is no second row); it is also the index a page's reactions
        // are read by, message first.
        reaction.HasIndex(r => new { r.MessageId, r.Emoji, r.UserId }).IsUnique();
        // A recalled message's reactions are deleted with the recall; a dissolved group's with its messages.
        reaction.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        reaction.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
