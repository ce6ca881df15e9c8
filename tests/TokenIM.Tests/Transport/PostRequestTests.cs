using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport;

public sealed class PostRequestTests
{
    [Fact]
    public async Task Post_of_a_query_with_variables_and_operationName_runs_the_named_operation()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostAsync(new
        {
            query = "query A { hello } query B($n: String) { hello(name: $n) }",
            operationName = "B",
            variables = new { n = "Ada" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await TransportHost.ReadJsonAsync(response);
        Assert.Equal("""{"data":{"hello":"Hello, Ada!"}}""", json.ToJsonString());
    }

    [Fact]
    public async Task Post_passes_extensions_to_execution()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostAsync(new { query = """{ extension(key: "trace") }""", extensions = new { trace = "abc" } });

        Assert.Equal("abc", (await TransportHost.ReadJsonAsync(response))["data"]!["extension"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_of_a_mutation_executes_it()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostAsync(new { query = "mutation { increment }" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.State.Counter);
    }

    [Fact]
    public async Task Null_variables_operationName_and_extensions_are_treated_as_absent()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello }","variables":null,"operationName":null,"extensions":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await TransportHost.ReadJsonAsync(response))["errors"]);
    }

    [Fact]
    public async Task Content_Type_with_charset_utf8_is_accepted()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello(name: \"Run🏃\") }"}""", contentType: "application/json; charset=UTF-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, Run🏃!", (await TransportHost.ReadJsonAsync(response))["data"]!["hello"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_without_Content_Type_is_415()
    {
        await using var host = await TransportHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}""")),
        };

        using var response = await host.Client.SendAsync(request);

        await AssertBadRequestAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json.");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/graphql")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Post_with_another_Content_Type_is_415(string contentType)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello }"}""", contentType: contentType);

        await AssertBadRequestAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json.");
    }

    [Theory]
    [InlineData("{ \"not a JSON")]
    [InlineData("{\"query\":\"{ hello }\"} trailing")]
    [InlineData("{'query':'{ hello }'}")]
    public async Task Malformed_JSON_body_is_400(string body)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body, TransportHost.GraphQLResponseJson);

        await AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request body is not valid JSON.");
        Assert.Equal("application/graphql-response+json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Empty_body_is_400()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync("");

        await AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request body is empty; send a JSON object with a 'query' string.");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"query\":\"{ hello }\"}]")]
    [InlineData("\"{ hello }\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Body_that_is_not_a_JSON_object_is_400(string body)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body);

        await AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request body must be a JSON object.");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"query\":null}")]
    [InlineData("{\"qeury\":\"{ hello }\"}")]
    public async Task Body_without_a_query_is_400(string body)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body);

        await AssertBadRequestAsync(response, HttpStatusCode.BadRequest, "The request must include a 'query' string.");
    }

    [Theory]
    [InlineData("""{"query":{"obj":"ect"}}""", "The 'query' parameter must be a string.")]
    [InlineData("""{"query":0}""", "The 'query' parameter must be a string.")]
    [InlineData("""{"query":false}""", "The 'query' parameter must be a string.")]
    [InlineData("""{"query":["{ hello }"]}""", "The 'query' parameter must be a string.")]
    [InlineData("""{"query":"{ hello }","operationName":{"obj":"ect"}}""", "The 'operationName' parameter must be a string.")]
    [InlineData("""{"query":"{ hello }","operationName":0}""", "The 'operationName' parameter must be a string.")]
    [InlineData("""{"query":"{ hello }","operationName":["A"]}""", "The 'operationName' parameter must be a string.")]
    [InlineData("""{"query":"{ hello }","variables":"{}"}""", "The 'variables' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","variables":0}""", "The 'variables' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","variables":false}""", "The 'variables' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","variables":[]}""", "The 'variables' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","extensions":"x"}""", "The 'extensions' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","extensions":1}""", "The 'extensions' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","extensions":true}""", "The 'extensions' parameter must be a JSON object.")]
    [InlineData("""{"query":"{ hello }","extensions":["x"]}""", "The 'extensions' parameter must be a JSON object.")]
    public async Task Parameter_of_the_wrong_JSON_type_is_400_naming_it(string body, string message)
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.PostJsonAsync(body, TransportHost.GraphQLResponseJson);

        await AssertBadRequestAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Body_larger_than_MaxRequestBodyBytes_by_Content_Length_is_413()
    {
        await using var host = await TransportHost.StartAsync(http => http.MaxRequestBodyBytes = 64);

        using var response = await host.PostJsonAsync($$"""{"query":"{ hello(name: \"{{new string('x', 100)}}\") }"}""");

        await AssertBadRequestAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request body is larger than the limit of 64 bytes.");
    }

    [Fact]
    public async Task Chunked_body_larger_than_MaxRequestBodyBytes_is_413()
    {
        await using var host = await TransportHost.StartAsync(http => http.MaxRequestBodyBytes = 64);
        var body = Encoding.UTF8.GetBytes($$"""{"query":"{ hello(name: \"{{new string('x', 100)}}\") }"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new UnknownLengthContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await host.Client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        await AssertBadRequestAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request body is larger than the limit of 64 bytes.");
    }

    [Fact]
    public async Task Body_of_exactly_MaxRequestBodyBytes_is_accepted_even_chunked()
    {
        var json = """{"query":"{ hello }"}""";
        await using var host = await TransportHost.StartAsync(http => http.MaxRequestBodyBytes = json.Length);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MaxRequestBodyBytes_can_be_bound_through_options_configuration()
    {
        await using var host = await TransportHost.StartAsync(services: s =>
            s.Configure<GraphQLHttpOptions>(o => o.MaxRequestBodyBytes = 10));

        using var response = await host.PostJsonAsync("""{"query":"{ hello }"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    internal static async Task AssertBadRequestAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        var (actualMessage, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal(message, actualMessage);
        Assert.Equal("BAD_REQUEST", code);
        Assert.Null((await TransportHost.ReadJsonAsync(response))["data"]);
    }

    /// <summary>A body sent without Content-Length, as a chunked upload would be.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            // Several writes, so the server sees the body arrive in pieces.
            foreach (var chunk in body.Chunk(16))
                await stream.WriteAsync(chunk);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
