using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;
using static TokenIM.Tests.Api.PersistedOperations.PersistedRequests;

namespace TokenIM.Tests.Api.PersistedOperations;

/// <summary>Apollo's automatic persisted queries, as its link and urql's exchange speak them.</summary>
public sealed class AutomaticPersistedQueriesTests : IDisposable
{
    private const string Query = "query Probe { __type(name: \"User\") { name } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task An_unknown_hash_alone_is_PERSISTED_QUERY_NOT_FOUND_with_the_message_clients_look_for()
    {
        var (status, body) = await PostAsync(_node.CreateClient(), new { extensions = Extension(Sha256(Query)) });

        Assert.Equal(400, status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", body.Code());
        Assert.Equal("PersistedQueryNotFound", body.Message());
    }

    [Fact]
    public async Task Under_application_json_the_same_refusal_is_HTTP_200()
    {
        var (status, body) = await PostAsync(_node.CreateClient(), new { extensions = Extension(Sha256(Query)) }, accept: "application/json");

        Assert.Equal(200, status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", body.Code());
    }

    [Fact]
    public async Task A_full_request_with_its_hash_is_stored_and_then_the_hash_alone_runs_by_POST_and_by_GET()
    {
        var http = _node.CreateClient();
        var hash = Sha256(Query);

        var (registered, first) = await PostAsync(http, new { query = Query, extensions = Extension(hash) });
        var (_, byPost) = await PostAsync(http, new { extensions = Extension(hash) });
        var (getStatus, byGet) = await GetByHashAsync(http, hash.ToUpperInvariant());

        Assert.Equal(200, registered);
        Assert.Equal("User", first["data"]!["__type"]!["name"]!.GetValue<string>());
        Assert.Equal(first.ToJsonString(), byPost.ToJsonString());
        Assert.Equal(200, getStatus);
        Assert.Equal(first.ToJsonString(), byGet.ToJsonString());
    }

    [Fact]
    public async Task A_persisted_mutation_is_still_refused_over_GET()
    {
        var http = _node.CreateClient();
        const string mutation = "mutation { logout(input: { refreshToken: \"x\" }) { revoked } }";
        var hash = Sha256(mutation);
        await PostAsync(http, new { query = mutation, extensions = Extension(hash) });

        var (status, body) = await GetByHashAsync(http, hash);

        Assert.Equal(405, status);
        Assert.Equal("BAD_REQUEST", body.Code());
    }

    [Fact]
    public async Task A_hash_that_is_not_the_querys_is_BAD_REQUEST_and_nothing_is_stored()
    {
        var http = _node.CreateClient();
        var wrong = Sha256("{ somethingElse }");

        var (status, body) = await PostAsync(http, new { query = Query, extensions = Extension(wrong) });
        var (_, lookup) = await PostAsync(http, new { extensions = Extension(wrong) });

        Assert.Equal(400, status);
        Assert.Equal("BAD_REQUEST", body.Code());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", lookup.Code());
    }

    [Fact]
    public async Task A_query_that_does_not_validate_is_not_stored()
    {
        var http = _node.CreateClient();
        const string invalid = "{ noSuchField }";
        var hash = Sha256(invalid);

        var (_, body) = await PostAsync(http, new { query = invalid, extensions = Extension(hash) });
        var (_, lookup) = await PostAsync(http, new { extensions = Extension(hash) });

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", body.Code());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", lookup.Code());
    }

    public static TheoryData<object?> MalformedExtensions => new()
    {
        "not an object",
        new { version = 2, sha256Hash = Sha256(Query) },
        new { sha256Hash = Sha256(Query) },
        new { version = 1, sha256Hash = "abc" },
        new { version = 1, sha256Hash = 42 },
        new { version = "1", sha256Hash = Sha256(Query) },
    };

    [Theory]
    [MemberData(nameof(MalformedExtensions))]
    public async Task A_malformed_persistedQuery_extension_is_BAD_REQUEST(object? persistedQuery)
    {
        var (status, body) = await PostAsync(_node.CreateClient(), new { extensions = new { persistedQuery } });

        Assert.Equal(400, status);
        Assert.Equal("BAD_REQUEST", body.Code());
    }

    [Fact]
    public async Task A_request_with_neither_query_nor_persisted_hash_is_still_BAD_REQUEST()
    {
        var (status, body) = await PostAsync(_node.CreateClient(), new { extensions = new { other = 1 } });

        Assert.Equal(400, status);
        Assert.Equal("BAD_REQUEST", body.Code());
        Assert.Equal("The request must include a 'query' string.", body.Message());
    }

    [Fact]
    public async Task A_stored_hash_works_over_the_WebSocket_too()
    {
        var hash = Sha256(Query);
        await PostAsync(_node.CreateClient(), new { query = Query, extensions = Extension(hash) });
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync();

        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { extensions = Extension(hash) } });

        var next = await socket.ReceiveAsync();
        Assert.Equal("User", next["payload"]!["data"]!["__type"]!["name"]!.GetValue<string>());
    }
}
