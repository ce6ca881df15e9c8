using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace TokenIM.Tests.Transport;

public sealed class GetRequestTests
{
    [Fact]
    public async Task Get_runs_a_query_from_the_query_string_with_variables_operationName_and_extensions()
    {
        await using var host = await TransportHost.StartAsync();
        var query = Uri.EscapeDataString("query A { hello } query B($n: String, $k: String!) { hello(name: $n) extension(key: $k) }");
        var variables = Uri.EscapeDataString("""{"n":"Ada","k":"trace"}""");
        var extensions = Uri.EscapeDataString("""{"trace":"abc"}""");

        using var response = await host.GetAsync($"/graphql?query={query}&operationName=B&variables={variables}&extensions={extensions}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"data":{"hello":"Hello, Ada!","extension":"abc"}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData(TransportHost.GraphQLResponseJson)]
    public async Task Mutation_over_GET_is_405_with_Allow_POST_and_is_not_executed(string? accept)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { increment }"), accept);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal("Mutations are only allowed over POST.", message);
        Assert.Equal("BAD_REQUEST", code);
        Assert.Equal(0, host.State.Counter);
    }

    [Fact]
    public async Task Mutation_over_GET_is_405_only_when_it_is_the_selected_operation()
    {
        await using var host = await TransportHost.StartAsync();
        var document = Uri.EscapeDataString("query Q { hello } mutation M { increment }");

        using var query = await host.GetAsync($"/graphql?query={document}&operationName=Q");
        using var mutation = await host.GetAsync($"/graphql?query={document}&operationName=M");

        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
        Assert.Equal(0, host.State.Counter);
    }

    [Fact]
    public async Task Get_without_query_is_400()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync("/graphql?operationName=A");

        await PostRequestTests.AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request must include a 'query' string.");
    }

    [Theory]
    [InlineData("variables", "not json", "The 'variables' parameter must be a JSON object.")]
    [InlineData("variables", "[1]", "The 'variables' parameter must be a JSON object.")]
    [InlineData("variables", "\"x\"", "The 'variables' parameter must be a JSON object.")]
    [InlineData("extensions", "{", "The 'extensions' parameter must be a JSON object.")]
    [InlineData("extensions", "3", "The 'extensions' parameter must be a JSON object.")]
    public async Task Get_with_a_malformed_JSON_parameter_is_400(string name, string value, string message)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync($"/graphql?query=%7Bhello%7D&{name}={Uri.EscapeDataString(value)}");

        await PostRequestTests.AssertBadRequestAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Get_with_a_repeated_parameter_is_400()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync("/graphql?query=%7Bhello%7D&query=mutation%7Bincrement%7D");

        await PostRequestTests.AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The 'query' parameter must be given at most once.");
    }

    [Fact]
    public async Task Get_is_405_with_Allow_POST_when_GET_requests_are_disabled()
    {
        await using var host = await TransportHost.StartAsync(http => http.EnableGetRequests = false);

        using var response = await host.GetAsync("/graphql?query=%7Bhello%7D");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var (_, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal("BAD_REQUEST", code);
    }

    [Fact]
    public async Task Get_sdl_returns_the_printed_schema_as_utf8_text()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync("/graphql?sdl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var expected = global::GraphQL.SchemaExtensions.Print(host.Services.GetRequiredService<TinySchema>());
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Contains("type Query {", expected);
    }

    [Fact]
    public async Task Get_sdl_is_an_ordinary_GET_when_ServeSdl_is_off()
    {
        await using var host = await TransportHost.StartAsync(http => http.ServeSdl = false);

        using var response = await host.GetAsync("/graphql?sdl");

        await PostRequestTests.AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request must include a 'query' string.");
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Methods_other_than_GET_and_POST_are_405_with_Allow_GET_POST(string method)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/graphql"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal("Only GET and POST requests are supported.", message);
        Assert.Equal("BAD_REQUEST", code);
    }
}
