using System.Net;

namespace TokenIM.Tests.Transport;

public sealed class AcceptNegotiationTests
{
    private const string Query = """{"query":"{ hello }"}""";

    [Fact]
    public async Task Accept_graphql_response_json_is_answered_in_that_media_type_with_charset_utf8()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query, TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("Hello, world!", (await TransportHost.ReadJsonAsync(response))["data"]!["hello"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/html, application/json;q=0.9")]
    public async Task Accept_allowing_application_json_is_answered_with_application_json(string accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Missing_Accept_is_answered_with_application_json()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("application/json, application/graphql-response+json")]
    [InlineData("*/*, application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.8, application/json;q=0.8")]
    public async Task Accept_naming_graphql_response_json_prefers_it_unless_ranked_lower(string accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query, accept);

        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("application/graphql-response+json;q=0.5, application/json")]
    [InlineData("application/graphql-response+json;q=0, */*")]
    public async Task Accept_ranking_application_json_higher_gets_application_json(string accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query, accept);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml, text/*")]
    [InlineData("application/json;q=0")]
    public async Task Accept_without_an_acceptable_json_media_type_is_406(string accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(Query, accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Contains("Accept", message);
        Assert.Equal("BAD_REQUEST", code);
    }

    [Fact]
    public async Task Get_honours_Accept_like_Post()
    {
        await using var host = await TransportHost.StartAsync();

        using var graphQLResponse = await host.GetAsync("/graphql?query=%7Bhello%7D", TransportHost.GraphQLResponseJson);
        using var notAcceptable = await host.GetAsync("/graphql?query=%7Bhello%7D", "text/html");

        Assert.Equal("application/graphql-response+json; charset=utf-8", graphQLResponse.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
    }
}
