using System.Diagnostics;

namespace TokenIM.Server.Events;

/// <summary>
/// Carries a request's trace from the node that publishes an event to the nodes that deliver it.
/// Delivery runs on threads the request never touched (Redis' reader, a feed's drain), so the trace
/// is restored from the event itself rather than from <see cref="Activity.Current"/>.
/// </summary>
public static class EventTrace
{
    public const string ActivitySourceName = "TokenIM.Events";

    private const string DeliverActivityName = "TokenIM.Events.Deliver";
    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>The event with the current trace, unless it carries one already or there is none.</summary>
    public static ChatEvent Stamp(ChatEvent chatEvent) =>
        chatEvent.TraceParent is null && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? chatEvent with { TraceParent = current.Id }
            : chatEvent;

    /// <summary>
    /// Makes the event's trace current until the scope is disposed, so whatever is logged meanwhile
    /// (and the trace id of an unexpected fault) names the request that caused the event.
    /// Does nothing when the event has no trace or its trace is current already.
    /// </summary>
    public static Scope Continue(ChatEvent chatEvent)
    {
        var previous = Activity.Current;
        if (chatEvent.TraceParent is null
            || !ActivityContext.TryParse(chatEvent.TraceParent, null, out var parent)
            || previous?.TraceId == parent.TraceId)
            return default;

        // Without a listener the source makes no activity; logging scopes still want one.
        var activity = Source.StartActivity(DeliverActivityName, ActivityKind.Consumer, parent)
                       ?? new Activity(DeliverActivityName).SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags).Start();
        return new Scope(activity, previous);
    }

    /// <summary>Ends the delivery activity and puts back whatever was current before.</summary>
    public readonly struct Scope(Activity? activity, Activity? previous) : IDisposable
    {
        public void Dispose()
        {
            if (activity is null) return;
            activity.Stop();
            Activity.Current = previous;
        }
    }
}
