using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TokenIM.Server.Users;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.Username).HasMaxLength(AccountRules.UsernameMaxLength);
        user.Property(u => u.NormalizedUsername).HasMaxLength(AccountRules.UsernameMaxLength);
        user.Property(u => u.DisplayName).HasMaxLength(AccountRules.DisplayNameMaxLength);
        user.Property(u => u.AvatarUrl).HasMaxLength(AccountRules.AvatarUrlMaxLength);
        user.Ignore(u => u.IsDeleted);
        // NULLs (deleted accounts) do not collide, so a deleted user's name can be taken again.
        user.HasIndex(u => u.NormalizedUsername).IsUnique();
    }
}
