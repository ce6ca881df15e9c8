using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Messages;

namespace TokenIM.Server.Events;

/// <summary>
/// Turns committed changes into events. Called after the commit, never inside the transaction, and
/// never cancelled by the caller going away: what committed is announced.
/// </summary>
public sealed class EventPublisher(IEventBus bus, IDbContextFactory<TokenIMDbContext> dbFactory)
{
    public async Task MessagePostedAsync(Message message)
    {
        var (snapshot, members) = await SnapshotAsync(message);
        await bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessagePosted(snapshot, members));
    }

    public async Task MessageChangedAsync(Message message)
    {
        var (snapshot, members) = await SnapshotAsync(message);
        await bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessageChanged(snapshot, members));
    }

    public async Task ReadCursorMovedAsync(long conversationId, long userId, int seq)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var members = await db.ConversationMembers.Where(m => m.ConversationId == conversationId).Select(m => m.UserId).ToArrayAsync();
        await bus.PublishAsync(EventTopic.Conversation(conversationId), new ReadCursorMoved(conversationId, userId, seq, members));
    }

    /// <summary>Tells each user's live feeds to start (or stop) following the conversation, from after <paramref name="fromSeq"/>.</summary>
    public async Task MembershipChangedAsync(long conversationId, IEnumerable<long> userIds, bool isMember, int fromSeq = 0)
    {
        foreach (var userId in userIds)
            await bus.PublishAsync(EventTopic.User(userId), new MembershipChanged(conversationId, userId, isMember, fromSeq));
    }

    private async Task<(MessageSnapshot Snapshot, long[] Members)> SnapshotAsync(Message message)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var sender = await db.Users.AsNoTracking().SingleAsync(u => u.Id == message.SenderId);
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == message.ConversationId)
            .Select(c => new { Conversation = c, Members = c.Members.Select(m => m.UserId).ToArray() })
            .SingleAsync();
        return (MessageSnapshot.Of(message, conversation.Conversation, sender), conversation.Members);
    }
}
