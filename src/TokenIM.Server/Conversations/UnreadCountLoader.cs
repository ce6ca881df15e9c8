using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

/// <summary>
/// Unread messages per conversation for a user: after their read cursor, written by someone else,
/// not deleted, not system messages. Counted on the (conversation, seq) index, one query per request.
/// </summary>
public sealed class UnreadCountLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<(long ConversationId, long UserId), int>
{
    protected override async Task<IReadOnlyDictionary<(long ConversationId, long UserId), int>> FetchAsync(
        IReadOnlyCollection<(long ConversationId, long UserId)> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = new Dictionary<(long, long), int>();
        foreach (var byUser in keys.GroupBy(k => k.UserId))
        {
            var userId = byUser.Key;
            var conversationIds = byUser.Select(k => k.ConversationId).ToList();
            var counts = await (
                    from member in db.ConversationMembers
                    where member.UserId == userId && conversationIds.Contains(member.ConversationId)
                    from message in db.Messages
                    where message.ConversationId == member.ConversationId
                          && message.Seq > member.LastReadSeq
                          && message.SenderId != userId
                          && message.DeletedAt == null
                          && message.Kind == MessageKind.Text
                    group message by message.ConversationId into unread
                    select new { ConversationId = unread.Key, Count = unread.Count() })
                .ToListAsync(ct);
            foreach (var row in counts) result[(row.ConversationId, userId)] = row.Count;
        }
        return result;
    }
}
