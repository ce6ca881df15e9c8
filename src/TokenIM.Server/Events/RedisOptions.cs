using System.Diagnostics.CodeAnalysis;

namespace TokenIM.Server.Events;

/// <summary>Bound from <c>TokenIM:Redis</c> (the connection string) and <c>TokenIM:RedisChannelPrefix</c>.</summary>
public sealed class RedisOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty means the in-process bus.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefixed to every channel, so several deployments can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "tokenim:";

    /// <summary>
    /// Whether this node is one of several: the one place that decides it. A configured Redis means other
    /// nodes may share the database, so the bus, presence, session endings, the request limit and the health
    /// check all go through Redis; without it everything stays in this process.
    /// </summary>
    [MemberNotNullWhen(true, nameof(Configuration))]
    public bool Clustered => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>Read once from <c>TokenIM:Redis</c> and <c>TokenIM:RedisChannelPrefix</c>.</summary>
    public static RedisOptions From(IConfiguration configuration) => new()
    {
        Configuration = configuration["TokenIM:Redis"],
        ChannelPrefix = configuration["TokenIM:RedisChannelPrefix"] ?? new RedisOptions().ChannelPrefix,
    };
}
