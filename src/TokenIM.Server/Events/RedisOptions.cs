namespace TokenIM.Server.Events;

/// <summary>Bound from <c>TokenIM:Redis</c> (the connection string) and <c>TokenIM:RedisChannelPrefix</c>.</summary>
public sealed class RedisOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty means the in-process bus.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefixed to every channel, so several deployments can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "tokenim:";
}
