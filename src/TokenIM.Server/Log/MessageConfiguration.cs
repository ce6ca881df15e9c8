using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Ignore(m => m.Change);
        message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.Body).HasMaxLength(Message.BodyMaxLength);
        message.Property(m => m.ClientMessageId).HasMaxLength(Message.ClientMessageIdMaxLength);
        message.Property(m => m.SystemAction).HasConversion<string>().HasMaxLength(32);
        message.Property(m => m.SystemDetail).HasMaxLength(Message.SystemDetailMaxLength);
        message.HasOne<User>().WithMany().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Restrict);
        // The seq promise, enforced by the database: no two messages of a conversation share a seq.
        // It is also the index every history page and unread count reads.
        message.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        // Idempotent sends: one message per sender, conversation and client id (NULLs do not collide).
        message.HasIndex(m => new { m.SenderId, m.ConversationId, m.ClientMessageId }).IsUnique();
        // Messages are never deleted apart from their conversation, which takes its quotes and threads with it in the same
        // statement: NO ACTION (checked when the statement ends), not RESTRICT (checked row by row).
        message.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.NoAction);
        message.HasOne<Message>().WithMany().HasForeignKey(m => m.ThreadRootId).OnDelete(DeleteBehavior.NoAction);
        // A thread's page (its replies in seq order) and the summaries of a page's roots are ranges of this index. Partial:
        // it holds thread replies only, so a send to the main timeline writes no entry into it; both databases use it for
        // "ThreadRootId = x" and "ThreadRootId IN (…)", which imply NOT NULL.
        message.HasIndex(m => new { m.ThreadRootId, m.Seq }).HasFilter("\"ThreadRootId\" IS NOT NULL");
        message.HasIndex(m => m.ReplyToId).HasFilter("\"ReplyToId\" IS NOT NULL");
        message.HasOne(m => m.Conversation).WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Sender).WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
    }
}
