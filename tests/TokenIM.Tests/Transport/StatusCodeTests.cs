using System.Net;

namespace TokenIM.Tests.Transport;

/// <summary>
/// Under application/graphql-response+json a request that was not executed is a 4xx; under
/// application/json it stays 200, because legacy clients read errors from the body only.
/// </summary>
public sealed class StatusCodeTests
{
    public static TheoryData<string, string?> RequestErrors => new()
    {
        { """{"query":"{"}""", "SYNTAX_ERROR" },
        { """{"query":"{ noSuchField }"}""", "FIELDS_ON_CORRECT_TYPE" },
        { """{"query":"query($v: Int!) { double(value: $v) }","variables":{"v":null}}""", "INVALID_VALUE" },
        { """{"query":"query($v: Int!) { double(value: $v) }","variables":{"v":"seven"}}""", "INVALID_VALUE" },
        { """{"query":"query A { hello } query B { hello }"}""", "NO_OPERATION_NAME" },
        { """{"query":"query A { hello }","operationName":"Z"}""", "INVALID_OPERATION_NAME" },
    };

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task Request_error_is_400_without_data_under_graphql_response_json(string body, string? code)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body, TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        var json = await TransportHost.ReadJsonAsync(response);
        Assert.False(json.ContainsKey("data"));
        Assert.Equal(code, json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task Request_error_is_200_without_data_under_application_json(string body, string? code)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await TransportHost.ReadJsonAsync(response);
        Assert.False(json.ContainsKey("data"));
        Assert.Equal(code, json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(TransportHost.GraphQLResponseJson)]
    [InlineData("application/json")]
    public async Task Field_error_in_an_executed_result_is_200_with_data_and_errors(string accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello broken }"}""", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await TransportHost.ReadJsonAsync(response);
        Assert.Equal("Hello, world!", json["data"]!["hello"]!.GetValue<string>());
        Assert.Equal("BROKEN", json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("broken", json["errors"]![0]!["path"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData(TransportHost.GraphQLResponseJson, HttpStatusCode.BadRequest)]
    [InlineData("application/json", HttpStatusCode.OK)]
    public async Task Subscription_over_HTTP_is_a_request_error_and_never_starts(string accept, HttpStatusCode status)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"subscription { ticks }"}""", accept);

        Assert.Equal(status, response.StatusCode);
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal("Subscriptions are not supported over HTTP; use a WebSocket.", message);
        Assert.Equal("BAD_REQUEST", code);
        Assert.Equal(0, host.State.SubscriptionsStarted);
    }
}
