using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

public sealed class PinConfiguration : IEntityTypeConfiguration<Pin>
{
    public void Configure(EntityTypeBuilder<Pin> pin)
    {
        pin.HasKey(p => p.MessageId);
        // Conversation.pinnedMessages: newest pin first.
        pin.HasIndex(p => new { p.ConversationId, p.PinnedAt });
        pin.HasOne<Message>().WithOne().HasForeignKey<Pin>(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
        pin.HasOne<Conversation>().WithMany().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
        pin.HasOne(p => p.PinnedBy).WithMany().HasForeignKey(p => p.PinnedById).OnDelete(DeleteBehavior.Cascade);
    }
}
