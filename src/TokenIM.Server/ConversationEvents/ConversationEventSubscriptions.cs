using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.ConversationEvents;

public static class ConversationEventSubscriptions
{
    public static void AddConversationEventSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ConversationEventType>>("conversationEvents")
            .Description("Everything that happens in your conversations (messages posted, edited and recalled, read cursors, reactions), resumable. " +
                         "Without `after` it starts live, with `CAUGHT_UP` first. With `after` (the `cursor` of the last event you " +
                         "processed, from any node) it sends every change committed after it exactly once, in order within each " +
                         "conversation, then `CAUGHT_UP`, then live events. Conversations you joined meanwhile are included from " +
                         "the join; ones you left are not. A cursor that cannot be honoured gets one `RESYNC_REQUIRED`.")
            .Argument<StringGraphType>("after", "The `cursor` of the last event you processed; omit it to start live.")
            .ResolveStreamAsync(async context =>
            {
                var userId = context.RequireUserId();
                var options = context.Service<ConversationEventsOptions>();
                var clock = context.Service<TimeProvider>();
                StreamCursor? cursor = null;
                if (context.GetArgument<string?>("after") is { } after)
                {
                    if (!StreamCursor.TryDecode(after, out var decoded) || decoded.UserId != userId
                        || decoded.IssuedAt < clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.HorizonDays))
                        return ConversationEventStream.Resync();
                    cursor = decoded;
                }

                // Live first, buffering, then the backlog: whatever commits while it is read arrives after it, once.
                var live = await context.Service<LiveFeed>().ForMemberAsync<ChatEvent>(userId, VisibleTo, e => e, context.CancellationToken);
                var replay = context.Service<ChangeReplay>();
                Replay start;
                try
                {
                    start = await replay.ReadAsync(userId, null, cursor?.Positions, options.MaxReplay, context.CancellationToken);
                }
                catch
                {
                    if (live is IAsyncDisposable feed) await feed.DisposeAsync();
                    throw;
                }
                if (start.IsResync)
                {
                    if (live is IAsyncDisposable feed) await feed.DisposeAsync();
                    return ConversationEventStream.Resync();
                }
                return new ConversationEventStream(userId, start, live, replay, options, clock, context.Service<EventBusGaps>(),
                    context.Service<ILoggerFactory>().CreateLogger<ConversationEventStream>());
            });
    }

    // Who may see an event, as committed; a membership change reaches only its own user's topic.
    private static long[] VisibleTo(ChatEvent chatEvent) => chatEvent switch
    {
        MessagePosted posted => posted.MemberIds,
        MessageChanged changed => changed.MemberIds,
        ReadCursorMoved read => read.MemberIds,
        ReactionChanged reaction => reaction.MemberIds,
        MembershipChanged membership => [membership.UserId],
        _ => [],
    };
}
