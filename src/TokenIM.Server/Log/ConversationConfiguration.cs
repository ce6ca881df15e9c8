using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TokenIM.Server.Log;

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        conversation.Property(c => c.DirectKey).HasMaxLength(48);
        conversation.HasIndex(c => c.DirectKey).IsUnique();
        conversation.HasMany(c => c.Members).WithOne(m => m.Conversation).HasForeignKey(m => m.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
