using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TokenIM.Server.Log;

public sealed class ConversationChangeConfiguration : IEntityTypeConfiguration<ConversationChange>
{
    public void Configure(EntityTypeBuilder<ConversationChange> change)
    {
        // A replay reads one conversation's changes after a position: the key is that range.
        change.HasKey(c => new { c.ConversationId, c.Position });
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        change.Property(c => c.Detail).HasMaxLength(ConversationChange.DetailMaxLength);
        // Pruning past the horizon reads by age.
        change.HasIndex(c => c.CommittedAt);
        change.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
