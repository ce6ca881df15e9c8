using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Push;

public sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> device)
    {
        device.Property(d => d.Platform).HasConversion<string>().HasMaxLength(16);
        device.Property(d => d.Token).HasMaxLength(Device.TokenMaxLength);
        device.HasIndex(d => d.Token).IsUnique();
        device.HasIndex(d => d.UserId);
        device.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
