using System.Net;
using System.Text;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

/// <summary>Operations whose cost lies in their shape are refused before any resolver runs.</summary>
public sealed class OperationLimitTests : IDisposable
{
    // The shape of graphql-js's getIntrospectionQuery(), which GraphiQL and most IDEs send: 15 levels deep.
    private const string StandardIntrospection = """
        query IntrospectionQuery {
          __schema {
            queryType { name kind } mutationType { name kind } subscriptionType { name kind }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind
            ofType { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } }
        }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static string Aliases(int count, string field) => string.Join(" ", Enumerable.Range(0, count).Select(i => $"a{i}: {field}"));

    private static void AssertRefused(GraphQLResponse response, string? messagePart = null)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("OPERATION_TOO_COMPLEX", response.ErrorCode);
        Assert.Null(response.Json["data"]);
        if (messagePart is not null) Assert.Contains(messagePart, response.ErrorMessage);
    }

    [Fact]
    public async Task The_standard_introspection_query_of_IDEs_is_answered()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(StandardIntrospection);

        Assert.True(response.Json["errors"] is null, response.Body);
        Assert.Contains(response.Data("__schema")["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "User");
    }

    [Theory]
    [InlineData("{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }")]
    [InlineData("{ __type(name: \"User\") { interfaces { possibleTypes { fields { name } } } } }")]
    [InlineData("{ ...Q } fragment Q on Query { __schema { types { ...T } } } fragment T on __Type { fields { type { ofType { fields { type { fields { name } } } } } } }")]
    public async Task Introspection_that_nests_lists_of_types_is_OPERATION_TOO_COMPLEX(string query)
    {
        AssertRefused(await _node.CreateGraphQLClient().PostAsync(query), "at most 2");
    }

    [Fact]
    public async Task An_enormous_first_is_OPERATION_TOO_COMPLEX_and_never_reaches_the_resolver()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        AssertRefused(await alice.Client.PostAsync("{ users(first: 2000000000) { nodes { id } } }"));
        AssertRefused(await alice.Client.PostAsync("query($n: Int) { users(first: $n) { edges { node { id } } } }", new { n = 1_000_000 }));
    }

    [Fact]
    public async Task A_cached_document_is_priced_again_for_the_variables_of_each_request()
    {
        using var node = new TokenIMFactory().With("TokenIM:Limits:MaxComplexity", "100");
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice");
        const string query = "query($n: Int) { users(first: $n) { nodes { id username displayName } } }";

        (await alice.Client.PostAsync(query, new { n = 30 })).Data("users");
        AssertRefused(await alice.Client.PostAsync(query, new { n = 40 }));
    }

    [Fact]
    public async Task A_page_is_priced_by_its_size_and_an_omitted_size_by_the_default_page()
    {
        using var node = new TokenIMFactory().With("TokenIM:Limits:MaxComplexity", "100");
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice");

        // users 1 + nodes 1 + page × 3 fields
        (await alice.Client.PostAsync("{ users(first: 30) { nodes { id username displayName } } }")).Data("users");
        AssertRefused(await alice.Client.PostAsync("{ users(first: 40) { nodes { id username displayName } } }"));
        // users 1 + nodes 1 + 20 (the default page) × 5 fields
        AssertRefused(await alice.Client.PostAsync("{ users { nodes { id username displayName avatarUrl createdAt } } }"));
    }

    [Fact]
    public async Task A_negative_page_size_does_not_lower_the_price_of_the_rest()
    {
        using var node = new TokenIMFactory().With("TokenIM:Limits:MaxComplexity", "100");
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(
            "{ cheap: users(first: -100000) { nodes { id } } costly: users(first: 40) { nodes { id username displayName } } }");

        AssertRefused(response);
    }

    [Fact]
    public async Task Too_many_root_fields_are_OPERATION_TOO_COMPLEX_naming_the_limit()
    {
        (await _node.CreateGraphQLClient().PostAsync("{ " + Aliases(20, "__typename") + " }")).Data("a19");

        AssertRefused(await _node.CreateGraphQLClient().PostAsync("{ " + Aliases(21, "__typename") + " }"), "at most 20");
    }

    [Fact]
    public async Task A_batch_of_aliased_logins_is_refused_before_any_password_is_checked()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice");
        var guesses = Aliases(25, "login(input: { username: \"alice\", password: \"guess-guess\" }) { accessToken }");

        AssertRefused(await _node.CreateGraphQLClient().PostAsync("mutation { " + guesses + " }"));

        var factory = _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Action == TokenIM.Server.Audit.AuditAction.SignIn));
    }

    [Fact]
    public async Task Too_many_aliases_are_OPERATION_TOO_COMPLEX_naming_the_limit()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        (await alice.Client.PostAsync("{ me { " + Aliases(50, "id") + " } }")).Data("me");
        AssertRefused(await alice.Client.PostAsync("{ me { " + Aliases(51, "id") + " } }"), "at most 50");
    }

    [Fact]
    public async Task Aliases_hidden_in_a_fragment_count_wherever_it_is_spread()
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 5).Select(i => $"m{i}: me {{ ...F }}")) + " } fragment F on User { " + Aliases(10, "id") + " }";

        AssertRefused(await _node.CreateGraphQLClient().PostAsync(query), "55 aliases");
    }

    [Fact]
    public async Task Fragments_that_multiply_each_other_are_refused_without_expanding_them()
    {
        // F0 has 2 aliases; each F(n) holds F(n-1) twice, so F40 would expand to about 2^41 of them.
        var fragments = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"fragment F{i} on User {{ x: id ...F{i - 1} y: id ...F{i - 1} }}"));
        var query = "{ me { ...F40 } } fragment F0 on User { a: id b: id } " + fragments;

        AssertRefused(await _node.CreateGraphQLClient().PostAsync(query));
    }

    [Fact]
    public async Task A_fragment_cycle_is_OPERATION_TOO_COMPLEX_and_not_executed()
    {
        var response = await _node.CreateGraphQLClient().PostAsync("{ me { ...A } } fragment A on User { id ...B } fragment B on User { ...A }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Null(response.Json["data"]);
        Assert.Contains(response.Errors, e => e!["extensions"]!["code"]!.GetValue<string>() == "OPERATION_TOO_COMPLEX");
        Assert.Contains(response.Errors, e => e!["message"]!.GetValue<string>().Contains("within itself"));
    }

    [Fact]
    public async Task A_document_with_too_many_selections_is_refused_before_validation()
    {
        AssertRefused(await _node.CreateGraphQLClient().PostAsync("{ me { " + string.Concat(Enumerable.Repeat("id ", 20_000)) + "} }"), "at most 1000");
    }

    [Fact]
    public async Task A_document_with_too_many_syntax_nodes_is_refused_before_validation()
    {
        AssertRefused(await _node.CreateGraphQLClient().PostAsync(
            "{ __typename " + string.Concat(Enumerable.Repeat("@include(if: true) ", 2000)) + "}"), "at most 5000");
    }

    [Fact]
    public async Task A_long_chain_of_fragments_is_refused_before_validation_follows_it()
    {
        // 600 fragments each spreading the next overflowed the stack in validation, ending the process.
        var chain = string.Join(" ", Enumerable.Range(0, 600).Select(i => $"fragment F{i} on User {{ ...F{i + 1} }}"));

        AssertRefused(await _node.CreateGraphQLClient().PostAsync("{ me { ...F0 } } " + chain + " fragment F600 on User { id }"), "at most 100");
        (await _node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    [Theory]
    [InlineData("{ me ", "{ id ", "}")]
    [InlineData("{ user(id: ", "[", "]) { id } }")]
    [InlineData("query($v: ", "[", "Int]) { __typename }")]
    public async Task A_document_nested_past_the_parser_limit_is_OPERATION_TOO_COMPLEX_not_an_internal_error(string head, string repeated, string tail)
    {
        var query = head + string.Concat(Enumerable.Repeat(repeated, 5000)) + tail;

        AssertRefused(await _node.CreateGraphQLClient().PostAsync(query), "nested too deeply");
        (await _node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    [Fact]
    public async Task A_cached_document_cannot_smuggle_in_a_second_operation_that_breaks_a_limit()
    {
        var document = "query Small { __typename } query Big { " + Aliases(21, "__typename") + " }";
        var client = _node.CreateGraphQLClient();
        using var small = await client.Http.PostAsync("/graphql", Json(new { query = document, operationName = "Small" }));

        var big = await client.Http.PostAsync("/graphql", Json(new { query = document, operationName = "Big" }));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Contains("OPERATION_TOO_COMPLEX", await big.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413()
    {
        var response = await _node.CreateGraphQLClient().PostAsync("{ __typename } #" + new string('x', 2 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("BAD_REQUEST", response.ErrorCode);
    }

    [Theory]
    [InlineData(12, true)]
    [InlineData(13, false)]
    public async Task Depth_is_limited_outside_introspection(int depth, bool allowed)
    {
        // TokenIM's schema has no path deeper than the limit yet, so a schema that nests forever stands in.
        var schema = Schema.For("type Query { node: Node } type Node { child: Node, id: Int }");
        var query = "{ node " + string.Concat(Enumerable.Repeat("{ child ", depth - 2)) + "{ id }" + new string('}', depth - 2) + " }";

        var result = await new DocumentExecuter().ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = query;
            options.ValidationRules = DocumentValidator.CoreRules.Append(new OperationLimitsRule(new OperationLimits()));
        });

        Assert.Equal(allowed, result.Errors is null);
        if (!allowed) Assert.Equal("OPERATION_TOO_COMPLEX", Assert.Single(result.Errors!).Code);
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
