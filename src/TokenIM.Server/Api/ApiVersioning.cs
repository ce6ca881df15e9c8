using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

/// <summary>
/// A client may pin the API version with <c>X-Api-Version</c>; a version this node does not serve is
/// refused before anything runs, so an old node never answers a newer client with the wrong contract.
/// Every response names the version that answered it (<see cref="Http.RequestGate"/> does both).
/// </summary>
public static class ApiVersioning
{
    public const string Header = "X-Api-Version";
    public const string Current = "1";
    private static readonly string[] Served = [Current];

    /// <summary>The 400 for a version this node does not serve, or null when the request may go on.</summary>
    public static Task? Refusal(HttpContext context)
    {
        var requested = context.Request.Headers[Header];
        if (requested.Count == 0 || (requested.Count == 1 && Served.Contains(requested[0]?.Trim()))) return null;

        return GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
            $"API version '{requested}' is not served here; this node serves version {string.Join(", ", Served)}.",
            ErrorCode.UnsupportedApiVersion.ToWire());
    }
}
