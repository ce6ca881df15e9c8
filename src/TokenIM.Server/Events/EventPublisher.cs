using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Messages;
using TokenIM.Server.Notifications;

namespace TokenIM.Server.Events;

/// <summary>
/// Turns committed changes into events. Called after the commit, never inside the transaction, and
/// never cancelled by the caller going away: what committed is announced.
/// </summary>
public sealed class EventPublisher(IEventBus bus, IDbContextFactory<TokenIMDbContext> dbFactory)
{
    /// <summary>For writers that did not read the sender and members themselves (system messages): two reads after the commit.</summary>
    public async Task MessagePostedAsync(Message message)
    {
        var (snapshot, members) = await SnapshotAsync(message);
        await MessagePostedAsync(snapshot, members);
    }

    /// <summary>
    /// The send path's way: the sender was read before the transaction and the members inside it,
    /// so announcing the message costs no database work.
    /// </summary>
    /// <param name="traceParent">The trace of the request that sent it, when publishing from elsewhere (the log's batch).</param>
    public Task MessagePostedAsync(MessageSnapshot message, long[] memberIds, string? traceParent = null) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessagePosted(message, memberIds) { TraceParent = traceParent });

    public Task MessageChangedAsync(MessageSnapshot message, long[] memberIds) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessageChanged(message, memberIds));

    public Task ReadCursorMovedAsync(long conversationId, long userId, int seq, long[] memberIds, int change, string? traceParent = null) =>
        bus.PublishAsync(EventTopic.Conversation(conversationId), new ReadCursorMoved(conversationId, userId, seq, memberIds, change) { TraceParent = traceParent });

    public Task ReactionChangedAsync(MessageSnapshot message, long userId, string emoji, bool added, long[] memberIds) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new ReactionChanged(message, userId, emoji, added, memberIds));

    /// <summary>Tells each user's live feeds to start (or stop) following the conversation, from after <paramref name="fromSeq"/>.</summary>
    public async Task MembershipChangedAsync(long conversationId, IEnumerable<long> userIds, bool isMember, int fromSeq = 0)
    {
        foreach (var userId in userIds)
            await bus.PublishAsync(EventTopic.User(userId), new MembershipChanged(conversationId, userId, isMember, fromSeq));
    }

    /// <summary>Each notification goes to its recipient's user topic, which only the recipient's feeds follow.</summary>
    public async Task NotificationsPostedAsync(IEnumerable<Notification> notifications)
    {
        foreach (var notification in notifications)
            await bus.PublishAsync(EventTopic.User(notification.RecipientId), new NotificationPosted(NotificationSnapshot.Of(notification)));
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
