using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.Title).HasMaxLength(NotificationRules.TitleMaxLength);
        notification.Property(n => n.Body).HasMaxLength(NotificationRules.BodyMaxLength);
        notification.Property(n => n.Data).HasMaxLength(NotificationRules.DataMaxLength);
        notification.HasOne<User>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        // A recipient's page, newest first, and their unread count.
        notification.HasIndex(n => new { n.RecipientId, n.Id });
        notification.HasIndex(n => new { n.RecipientId, n.ReadAt });
    }
}
