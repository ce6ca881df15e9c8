using TokenIM.Server.Configuration;

namespace TokenIM.Server.Observability;

/// <summary>
/// <c>TokenIM:Logging:Format</c>: <c>simple</c> (the default, for people at a terminal) or <c>json</c>
/// (one object per line with its scopes, for a log pipeline). Scopes carry the trace id: ASP.NET Core
/// puts <c>TraceId</c>, <c>SpanId</c> and <c>ParentId</c> of <see cref="System.Diagnostics.Activity.Current"/>
/// in every line's scope, for HTTP requests, WebSocket operations and delivered events alike.
/// </summary>
public static class LogFormat
{
    public const string Simple = "simple";
    public const string Json = "json";

    public static ILoggingBuilder AddTokenIMLogFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration["TokenIM:Logging:Format"]?.Trim();
        if (string.IsNullOrEmpty(format) || format.Equals(Simple, StringComparison.OrdinalIgnoreCase)) return logging;
        if (!format.Equals(Json, StringComparison.OrdinalIgnoreCase))
            throw new InvalidConfigurationException($"TokenIM:Logging:Format is '{format}'; it must be '{Simple}' or '{Json}'.");

        logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return logging;
    }
}
