using System.Diagnostics;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Each operation on a socket is a trace of its own, as its HTTP request would have been: a socket can
/// live for hours, and one trace holding every mutation sent over it would say nothing. The upgrade
/// request's activity is linked, so the socket can still be found from the operation.
/// </summary>
internal static class WebSocketOperationActivity
{
    public const string SourceName = "TokenIM.GraphQL.AspNetCore";

    private const string Name = "GraphQL WebSocket operation";
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the operation's activity and makes it current for the calling async flow.</summary>
    public static Activity Start()
    {
        var socket = Activity.Current;
        // Parentless, rather than a child of the upgrade request.
        Activity.Current = null;
        ActivityLink[]? links = socket is null ? null : [new ActivityLink(socket.Context)];
        // Without a listener the source makes no activity; logging scopes (trace ids) still want one.
        return Source.StartActivity(ActivityKind.Server, parentContext: default, links: links, name: Name)
               ?? new Activity(Name).Start();
    }
}
