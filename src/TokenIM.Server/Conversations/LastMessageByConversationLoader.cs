using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

/// <summary>The newest message of each conversation: the one whose seq is the conversation's lastSeq.</summary>
public sealed class LastMessageByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, MessageView?>
{
    protected override async Task<IReadOnlyDictionary<long, MessageView?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
                from c in db.Conversations.AsNoTracking()
                where keys.Contains(c.Id)
                join m in db.Messages.AsNoTracking() on new { ConversationId = c.Id, Seq = c.LastSeq } equals new { m.ConversationId, m.Seq }
                select m)
            .ToDictionaryAsync(m => m.ConversationId, m => (MessageView?)MessageView.Of(m, null), ct);
    }
}
