using System.Net.WebSockets;
using System.Text;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The close codes this transport uses; the 44xx ones are graphql-transport-ws's. Public so an application
/// closing a connection itself (<see cref="IGraphQLConnection.Close"/>) names them as the transport does.
/// </summary>
public static class WebSocketCloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int MessageTooBig = 1009;
    public const int InternalError = 1011;
    public const int TryAgainLater = 1013;
    public const int BadRequest = 4400;

    /// <summary>An operation before <c>connection_ack</c>: a client bug, which graphql-ws clients do not retry.</summary>
    public const int Unauthorized = 4401;

    /// <summary>
    /// The credentials were refused, expired, or the session behind them ended. graphql-ws clients retry
    /// it, with whatever their connection parameters yield then (a refreshed token, say).
    /// </summary>
    public const int Forbidden = 4403;

    public const int ConnectionInitTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;

    // A close frame's reason must fit in 123 bytes of UTF-8, or the frame itself is invalid.
    private const int MaxDescriptionBytes = 123;

    internal static WebSocketCloseStatus Status(int code) => (WebSocketCloseStatus)code;

    internal static string Description(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxDescriptionBytes)
            return text;

        var end = text.Length;
        while (end > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, end)) > MaxDescriptionBytes - 3)
            end--;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
            end--;
        return string.Concat(text.AsSpan(0, end), "...");
    }
}
