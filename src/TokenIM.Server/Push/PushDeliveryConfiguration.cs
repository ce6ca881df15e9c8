using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Push;

public sealed class PushDeliveryConfiguration : IEntityTypeConfiguration<PushDelivery>
{
    public void Configure(EntityTypeBuilder<PushDelivery> delivery)
    {
        delivery.Property(d => d.DeliveryId).HasMaxLength(36);
        delivery.Property(d => d.LeaseOwner).HasMaxLength(32);
        delivery.Property(d => d.LastError).HasMaxLength(PushDeliveryWorker.ErrorMaxLength);
        delivery.HasIndex(d => d.DeliveryId).IsUnique();
        // What the workers poll: pushes still to send, by when they are due.
        delivery.HasIndex(d => new { d.AbandonedAt, d.NextAttemptAt });
        delivery.HasOne<User>().WithMany().HasForeignKey(d => d.RecipientId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne<Message>().WithMany().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
