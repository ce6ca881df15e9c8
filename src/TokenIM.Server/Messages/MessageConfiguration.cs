using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Groups;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Ignore(m => m.Change);
        message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.Body).HasMaxLength(MessageRules.BodyMaxLength);
        message.Property(m => m.ClientMessageId).HasMaxLength(MessageRules.ClientMessageIdMaxLength);
        message.Property(m => m.SystemAction).HasConversion<string>().HasMaxLength(32);
        message.Property(m => m.SystemDetail).HasMaxLength(GroupRules.NameMaxLength);
        message.HasOne<User>().WithMany().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Restrict);
        // The seq promise, enforced by the database: no two messages of a conversation share a seq.
        // It is also the index every history page and unread count reads.
        message.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        // Idempotent sends: one message per sender, conversation and client id (NULLs do not collide).
        message.HasIndex(m => new { m.SenderId, m.ConversationId, m.ClientMessageId }).IsUnique();
        message.HasOne(m => m.Conversation).WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Sender).WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
    }
}
