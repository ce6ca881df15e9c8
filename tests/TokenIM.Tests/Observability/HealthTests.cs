using System.Net;
using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Observability;

/// <summary><c>/healthz</c>: what a load balancer asks before it sends a node traffic.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_reports_a_healthy_node_with_200_and_each_check_with_its_duration()
    {
        using var node = new TokenIMFactory();

        var (status, body) = await GetHealthAsync(node.CreateClient());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        var database = Check(body, "database")!;
        Assert.Equal("Healthy", database["status"]!.GetValue<string>());
        Assert.True(database["durationMs"]!.GetValue<double>() >= 0);
        Assert.Null(Check(body, "redis", required: false));
    }

    [Fact]
    public async Task Healthz_reports_redis_down_with_503()
    {
        await using var redis = await RedisServer.StartAsync();
        using var node = new TokenIMFactory().With("TokenIM:Redis", redis.Configuration);
        var http = node.CreateClient();
        var (before, healthy) = await GetHealthAsync(http);
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal("Healthy", Check(healthy, "redis")!["status"]!.GetValue<string>());

        await redis.StopAsync();
        var (status, body) = await GetHealthAsync(http);
        // The multiplexer notices the closed socket a moment after the kill.
        for (var attempt = 0; attempt < 100 && status == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(100);
            (status, body) = await GetHealthAsync(http);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", Check(body, "redis")!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", Check(body, "database")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Healthz_is_neither_rate_limited_nor_behind_sign_in()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "2");
        var http = node.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await GetHealthAsync(http)).Status);
        var graphql = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) graphql.Add((await node.CreateGraphQLClient().PostAsync("{ __typename }")).Status);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains(HttpStatusCode.TooManyRequests, graphql);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetHealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/healthz");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonNode? Check(JsonObject body, string name, bool required = true)
    {
        var check = body["checks"]!.AsArray().SingleOrDefault(c => c!["name"]!.GetValue<string>() == name);
        if (required) Assert.NotNull(check);
        return check;
    }
}
