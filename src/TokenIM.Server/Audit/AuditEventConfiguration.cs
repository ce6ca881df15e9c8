using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TokenIM.Server.Audit;

public sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.Property(e => e.Action).HasConversion<string>().HasMaxLength(64);
        audit.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        audit.Property(e => e.ActorClientId).HasMaxLength(AuditEvent.ClientIdMaxLength);
        audit.Property(e => e.Target).HasMaxLength(AuditEvent.TargetMaxLength);
        audit.Property(e => e.ClientAddress).HasMaxLength(AuditEvent.ClientAddressMaxLength);
        audit.Property(e => e.Details).HasMaxLength(AuditEvent.DetailsMaxLength);
        audit.HasIndex(e => e.ActorUserId);
        // Accounts are closed, never removed; should one be removed, its history stays.
        audit.HasOne(e => e.ActorUser).WithMany().HasForeignKey(e => e.ActorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
