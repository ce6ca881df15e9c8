using System.Net;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

public sealed class ErrorTests : IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public ErrorTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.AddSingleton<INodeResolver, ExplodingResolver>();
        },
    };

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task An_unexpected_fault_is_INTERNAL_SERVER_ERROR_with_a_traceId_and_no_internals()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(
            "query Explode($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode(ExplodingResolver.Name, 1) });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INTERNAL_SERVER_ERROR", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Errors[0]!["extensions"]!["traceId"]?.GetValue<string>()));
        Assert.DoesNotContain(ExplodingResolver.Secret, response.Body);
        Assert.DoesNotContain("ExplodingResolver", response.Body);
        Assert.DoesNotContain("   at ", response.Body);
    }

    [Fact]
    public async Task An_unexpected_fault_is_logged_with_operation_user_traceId_and_redacted_variables()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(
            "query Explode($id: ID!, $refreshToken: String) { users(search: $refreshToken) { nodes { id } } node(id: $id) { id } }",
            new { id = GlobalId.Encode(ExplodingResolver.Name, 1), refreshToken = "very-secret-token-value" });
        var traceId = response.Errors[0]!["extensions"]!["traceId"]!.GetValue<string>();

        var line = Assert.Single(_logs.Lines, l => l.Contains(traceId));
        Assert.Contains("Explode", line);
        Assert.Contains("user 1", line);
        Assert.Contains("[redacted]", line);
        Assert.DoesNotContain("very-secret-token-value", line);
        Assert.Contains(ExplodingResolver.Secret, line);
    }

    [Fact]
    public async Task The_node_keeps_serving_after_a_fault()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode(ExplodingResolver.Name, 1) });

        (await alice.Client.PostAsync("{ me { id } }")).Data("me");
    }

    [Fact]
    public async Task A_too_deep_operation_is_OPERATION_TOO_COMPLEX_and_not_executed()
    {
        // The schema has no path deeper than the limit yet, except through introspection, whose types refer to each other.
        var response = await _node.CreateGraphQLClient().PostAsync(
            "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("OPERATION_TOO_COMPLEX", response.ErrorCode);
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task An_alias_flood_is_OPERATION_TOO_COMPLEX()
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 3000).Select(i => $"a{i}: me {{ id username }}")) + " }";

        var response = await _node.CreateGraphQLClient().PostAsync(query);

        Assert.Equal("OPERATION_TOO_COMPLEX", response.ErrorCode);
    }

    [Theory]
    [InlineData("{ me { id ", "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ nope }", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("{ user(id: 5.5) { id } }", "BAD_USER_INPUT")]
    public async Task Bad_documents_get_a_catalogue_code_and_HTTP_400(string query, string code)
    {
        var response = await _node.CreateGraphQLClient().PostAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.ErrorCode);
    }

    [Fact]
    public async Task A_variable_of_the_wrong_type_is_BAD_USER_INPUT_naming_the_variable()
    {
        var response = await _node.CreateGraphQLClient().PostAsync("query($f: Int) { users(first: $f) { nodes { id } } }", new { f = "ten" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("f", response.ErrorField);
    }

    private sealed class ExplodingResolver : INodeResolver
    {
        public const string Name = "Explosive";
        public const string Secret = "internal detail: connection string password=hunter2";

        public string TypeName => Name;

        public Task<object?> ResolveAsync(IResolveFieldContext context, long key) => throw new InvalidOperationException(Secret);
    }
}
