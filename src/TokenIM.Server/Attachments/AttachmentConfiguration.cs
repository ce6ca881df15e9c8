using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> attachment)
    {
        attachment.ToTable("Attachments");
        attachment.Property(a => a.FileName).HasMaxLength(AttachmentRules.FileNameMaxBytes);
        attachment.Property(a => a.ContentType).HasMaxLength(AttachmentRules.ContentTypeMaxLength);
        attachment.Property(a => a.ThumbnailContentType).HasMaxLength(AttachmentRules.ContentTypeMaxLength);
        attachment.Property(a => a.StoreKey).HasMaxLength(200);
        attachment.Property(a => a.ThumbnailKey).HasMaxLength(200);
        attachment.Property(a => a.Sha256).HasMaxLength(64);
        attachment.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        // A page's attachments are read by message; unsent and orphaned rows (MessageId NULL) are found by the sweeper
        // through the same index.
        attachment.HasIndex(a => a.MessageId);
        // The sweeper's lapsed uploads, oldest first, and a user's stored bytes for the quota.
        attachment.HasIndex(a => new { a.State, a.CreatedAt });
        attachment.HasIndex(a => new { a.UploaderId, a.State });
        // Keys are shared by every attachment of the same content: a key leaves the store only when no row names it.
        attachment.HasIndex(a => a.StoreKey);
        attachment.HasIndex(a => a.ThumbnailKey).HasFilter("\"ThumbnailKey\" IS NOT NULL");
        attachment.HasOne<User>().WithMany().HasForeignKey(a => a.UploaderId).OnDelete(DeleteBehavior.Cascade);
        // A deleted conversation takes its messages with it; their attachments lose the message and are swept, so their
        // files leave the store too (a cascade would delete the rows and forget the keys).
        attachment.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.SetNull);
        attachment.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.SetNull);
    }
}
