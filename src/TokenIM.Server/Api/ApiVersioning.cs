using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

/// <summary>
/// A client may pin the API version with <c>X-Api-Version</c>; a version this node does not serve is
/// refused before anything runs, so an old node never answers a newer client with the wrong contract.
/// Every response names the version that answered it.
/// </summary>
public static class ApiVersioning
{
    public const string Header = "X-Api-Version";
    public const string Current = "1";
    private static readonly string[] Served = [Current];

    public static IApplicationBuilder UseApiVersioning(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.Headers[Header] = Current;
            var requested = context.Request.Headers[Header];
            if (requested.Count == 0 || (requested.Count == 1 && Served.Contains(requested[0]?.Trim())))
            {
                await next(context);
                return;
            }

            await GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"API version '{requested}' is not served here; this node serves version {string.Join(", ", Served)}.",
                ErrorCode.UnsupportedApiVersion.ToWire());
        });
}
