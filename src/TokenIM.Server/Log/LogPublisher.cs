using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>
/// Announces what the log committed: one event per change, on the conversation's topic (memberships on each user's).
/// Called after the commit, never inside the transaction, and never cancelled by the caller going away: what
/// committed is announced.
/// </summary>
public sealed class LogPublisher(IEventBus bus, IDbContextFactory<TokenIMDbContext> dbFactory)
{
    /// <summary>For writers that did not read the sender and members themselves (system messages): two reads after the commit.</summary>
    public async Task MessagePostedAsync(Message message)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var sender = await db.Users.AsNoTracking().Where(u => u.Id == message.SenderId)
            .Select(u => User.PublicProfile(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.CreatedAt, u.DeletedAt, u.LastSeenAt))
            .SingleAsync();
        var members = await db.ConversationMembers.Where(m => m.ConversationId == message.ConversationId).Select(m => m.UserId).ToArrayAsync();
        await MessagePostedAsync(MessageView.Of(message, sender), members);
    }

    /// <summary>
    /// The send path's way: the sender was read before the transaction and the members inside it,
    /// so announcing the message costs no database work.
    /// </summary>
    /// <param name="traceParent">The trace of the request that sent it, when publishing from elsewhere (the log's batch).</param>
    public Task MessagePostedAsync(MessageView message, long[] memberIds, string? traceParent = null) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessagePosted(message, memberIds) { TraceParent = traceParent });

    public Task MessageChangedAsync(MessageView message, long[] memberIds) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new MessageChanged(message, memberIds));

    public Task ReadCursorMovedAsync(long conversationId, long userId, int seq, long[] memberIds, int change, string? traceParent = null) =>
        bus.PublishAsync(EventTopic.Conversation(conversationId), new ReadCursorMoved(conversationId, userId, seq, memberIds, change) { TraceParent = traceParent });

    public Task ReactionChangedAsync(MessageView message, long userId, string emoji, bool added, long[] memberIds) =>
        bus.PublishAsync(EventTopic.Conversation(message.ConversationId), new ReactionChanged(message, userId, emoji, added, memberIds));

    /// <summary>Tells each user's live feeds to start (or stop) following the conversation, from after <paramref name="fromSeq"/>.</summary>
    public async Task MembershipChangedAsync(long conversationId, IEnumerable<long> userIds, bool isMember, int fromSeq = 0)
    {
        foreach (var userId in userIds)
            await bus.PublishAsync(EventTopic.User(userId), new MembershipChanged(conversationId, userId, isMember, fromSeq));
    }
}
