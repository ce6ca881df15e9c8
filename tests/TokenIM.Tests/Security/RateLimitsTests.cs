using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Errors;
using TokenIM.Server.RateLimiting;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

/// <summary>
/// The named limits that later features call (<c>sendMessage</c>, the WebSocket transport), tested
/// through the service those features will use, configured the way an operator would.
/// </summary>
public sealed class RateLimitsTests
{
    private static RateLimits Limits(TokenIMFactory node) => node.Services.GetRequiredService<RateLimits>();

    [Fact]
    public void The_messages_limit_cuts_a_flood_from_one_user_without_affecting_another()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Messages:PermitLimit", "5");
        var limits = Limits(node);

        var flood = Enumerable.Range(0, 8).Select(_ => limits.Acquire(RateLimitPolicies.Messages, "1").IsAcquired).ToList();
        var other = limits.Acquire(RateLimitPolicies.Messages, "2");

        Assert.Equal(5, flood.Count(acquired => acquired));
        Assert.False(flood[^1]);
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public void Enforce_throws_RATE_LIMITED_with_the_seconds_to_wait()
    {
        using var node = new TokenIMFactory()
            .With("TokenIM:RateLimiting:Messages:PermitLimit", "1")
            .With("TokenIM:RateLimiting:Messages:Window", "00:00:30");
        var limits = Limits(node);
        limits.Enforce(RateLimitPolicies.Messages, "1").Dispose();

        var error = Assert.Throws<ApiError>(() => limits.Enforce(RateLimitPolicies.Messages, "1"));

        Assert.Equal(ErrorCode.RateLimited, error.ErrorCode);
        Assert.InRange(error.RetryAfterSeconds!.Value, 1, 30);
        Assert.Equal(error.RetryAfterSeconds, error.Extensions!["retryAfter"]);
        Assert.Contains("messages too fast", error.Message);
    }

    [Fact]
    public void The_websocket_connections_limit_counts_open_connections_and_a_closed_one_frees_its_place()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:WebSocketConnections:PermitLimit", "2");
        var limits = Limits(node);

        var first = limits.Enforce(RateLimitPolicies.WebSocketConnections, "1");
        using var second = limits.Enforce(RateLimitPolicies.WebSocketConnections, "1");
        var third = Assert.Throws<ApiError>(() => limits.Enforce(RateLimitPolicies.WebSocketConnections, "1"));
        using var otherUser = limits.Enforce(RateLimitPolicies.WebSocketConnections, "2");
        first.Dispose();
        using var afterClose = limits.Enforce(RateLimitPolicies.WebSocketConnections, "1");

        Assert.Equal(ErrorCode.RateLimited, third.ErrorCode);
        Assert.Null(third.RetryAfterSeconds);
        Assert.True(afterClose.IsAcquired);
    }

    [Fact]
    public void The_subscriptions_limit_counts_active_subscriptions_per_user()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Subscriptions:PermitLimit", "3");
        var limits = Limits(node);

        var leases = Enumerable.Range(0, 4).Select(_ => limits.Acquire(RateLimitPolicies.Subscriptions, "1")).ToList();

        Assert.Equal([true, true, true, false], leases.Select(l => l.IsAcquired));
        leases[0].Dispose();
        Assert.True(limits.Acquire(RateLimitPolicies.Subscriptions, "1").IsAcquired);
    }

    [Fact]
    public void Defaults_hold_for_what_configuration_leaves_out()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Messages:PermitLimit", "7");

        var options = node.Services.GetRequiredService<RateLimitingOptions>();

        Assert.True(options.Enabled);
        Assert.Equal(7, options.Messages.PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Messages.Window);
        Assert.Equal(10, options.SignInPerUsername.PermitLimit);
        Assert.Equal(10, options.WebSocketConnections.PermitLimit);
        Assert.Equal(100, options.Subscriptions.PermitLimit);
    }

    [Fact]
    public void Disabled_limits_always_grant()
    {
        using var node = new TokenIMFactory()
            .With("TokenIM:RateLimiting:Enabled", "false")
            .With("TokenIM:RateLimiting:Messages:PermitLimit", "1")
            .With("TokenIM:RateLimiting:WebSocketConnections:PermitLimit", "1");
        var limits = Limits(node);

        var leases = Enumerable.Range(0, 50)
            .SelectMany(_ => new[] { limits.Acquire(RateLimitPolicies.Messages, "1"), limits.Acquire(RateLimitPolicies.WebSocketConnections, "1") })
            .ToList();

        Assert.All(leases, l => Assert.True(l.IsAcquired));
    }

    [Fact]
    public void An_unknown_policy_name_is_a_programming_error()
    {
        using var node = new TokenIMFactory();

        Assert.Throws<ArgumentException>(() => Limits(node).Acquire("mesages", "1"));
    }

    [Fact]
    public void Every_named_policy_exists()
    {
        using var node = new TokenIMFactory();
        string[] names = [RateLimitPolicies.Requests, RateLimitPolicies.SignInPerUsername, RateLimitPolicies.SignInPerAddress,
            RateLimitPolicies.Registrations, RateLimitPolicies.Messages, RateLimitPolicies.WebSocketConnections, RateLimitPolicies.Subscriptions];

        Assert.All(names, name => Assert.IsAssignableFrom<PartitionedRateLimiter<string>>(Limits(node).Limiter(name)));
    }
}
