using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Typing;

/// <summary>
/// Who is typing where, in memory only. Every <c>setTyping</c> is announced to the conversation (a
/// refresh too, so members who subscribe late learn of it); a "typing" not refreshed within
/// <see cref="TypingOptions.Timeout"/> ends by itself with an announced "stopped", so a client that
/// vanished mid-sentence does not leave others watching dots forever. The node that took the last
/// refresh owns the expiry.
/// </summary>
public sealed class TypingTracker(IDbContextFactory<TokenIMDbContext> dbFactory, IEventBus bus, TypingOptions options, TimeProvider clock)
    : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long ConversationId, long UserId), ITimer> _expiries = [];

    /// <summary>Announces the member's typing state; FORBIDDEN for a non-member. Returns when "typing" lapses, if it does.</summary>
    public async Task<DateTime?> SetAsync(long userId, long conversationId, bool typing, CancellationToken ct)
    {
        long[] members;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await Membership.RequireMemberAsync(db, conversationId, userId, ct);
            members = await db.ConversationMembers.Where(m => m.ConversationId == conversationId).Select(m => m.UserId).ToArrayAsync(ct);
        }

        var key = (conversationId, userId);
        DateTime? expiresAt = null;
        lock (_gate)
        {
            if (_expiries.Remove(key, out var previous)) previous.Dispose();
            if (typing)
            {
                ITimer? timer = null;
                timer = clock.CreateTimer(_ => Expire(key, timer!, members), null, options.Timeout, Timeout.InfiniteTimeSpan);
                _expiries[key] = timer;
                expiresAt = clock.GetUtcNow().UtcDateTime + options.Timeout;
            }
        }
        await bus.PublishAsync(EventTopic.Conversation(conversationId), new TypingChanged(conversationId, userId, typing, members), CancellationToken.None);
        return expiresAt;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _expiries.Values) timer.Dispose();
            _expiries.Clear();
        }
    }

    private void Expire((long ConversationId, long UserId) key, ITimer timer, long[] members)
    {
        lock (_gate)
        {
            // A refresh or an explicit stop since this timer was set replaced it: nothing lapsed.
            if (!_expiries.TryGetValue(key, out var current) || !ReferenceEquals(current, timer)) return;
            _expiries.Remove(key);
        }
        timer.Dispose();
        _ = bus.PublishAsync(EventTopic.Conversation(key.ConversationId), new TypingChanged(key.ConversationId, key.UserId, false, members));
    }
}
