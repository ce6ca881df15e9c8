using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

/// <summary>Each conversation's pinned messages, newest pin first (at most <see cref="PinRules.MaxPerConversation"/>).</summary>
public sealed class PinnedMessagesByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, IReadOnlyList<MessageView>>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<MessageView>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
                from pin in db.Pins.AsNoTracking()
                where keys.Contains(pin.ConversationId)
                join message in db.Messages.AsNoTracking() on pin.MessageId equals message.Id
                orderby pin.PinnedAt descending, pin.MessageId descending
                select new { pin.ConversationId, Message = message })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ConversationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MessageView>)g.Select(r => MessageView.Of(r.Message, null)).Take(PinRules.MaxPerConversation).ToList());
    }

    protected override IReadOnlyList<MessageView> Missing(long key) => [];
}
