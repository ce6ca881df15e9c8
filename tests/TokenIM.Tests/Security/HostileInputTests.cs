using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenIM.Server.Errors;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

/// <summary>
/// Throws thousands of generated bad requests at a node. Every answer must be a coded refusal or a
/// result whose errors are all coded, never a 5xx, a stack trace or a hang, and the node must keep
/// serving. The seed makes every run throw the same requests; a failure prints the ones that broke.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const int Seed = 20261129;
    private const int RequestCount = 3000;
    private const int Concurrency = 8;

    private static readonly HashSet<string> Catalogue = Enum.GetValues<ErrorCode>().Select(c => c.ToWire()).ToHashSet();
    private static readonly HashSet<string> OAuthErrors =
        ["invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type", "invalid_scope", "rate_limited"];

    // The request limit would soon turn everything into 429s; the point is to reach the code behind it.
    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:RateLimiting:Requests:PermitLimit", "1000000")
        .With("TokenIM:Clients:0:Id", "1")
        .With("TokenIM:Clients:0:Secret", "hostile-input-tests-client-secret-0123456789");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Thousands_of_hostile_requests_get_coded_answers_and_the_node_keeps_serving()
    {
        // Mallory's access token lets requests reach signed-in code; Alice's refresh token is there to be
        // spent, reused and revoked (which ends only her session); Bob is kept out of it all.
        var mallory = await _node.CreateGraphQLClient().RegisterAsync("mallory", "mallorys-secret-password");
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice", "alices-secret-password");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob", "bobs-secret-password");
        var generator = new HostileRequestGenerator(new Random(Seed), mallory.Client.AccessToken!, mallory.UserId, alice.RefreshToken);
        var requests = Enumerable.Range(0, RequestCount).Select(_ => generator.Next()).ToList();
        var failures = await SendAllAsync(_node, requests);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {RequestCount} answers were wrong:\n" + string.Join("\n", failures.Take(15)));
        (await bob.Client.PostAsync("{ me { id } }")).Data("me");
        (await _node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    [Fact]
    public async Task Hundreds_of_hostile_multipart_requests_get_coded_answers_and_leave_no_temporary_file()
    {
        var spool = Path.Combine(_node.DataDirectory, "uploads");
        var node = _node.With("TokenIM:Uploads:TempDirectory", spool);
        var mallory = await node.CreateGraphQLClient().RegisterAsync("mallory", "mallorys-secret-password");
        var generator = new HostileRequestGenerator(new Random(Seed), mallory.Client.AccessToken!, mallory.UserId, "no-refresh-token");
        var requests = Enumerable.Range(0, 600).Select(_ => generator.NextMultipart()).ToList();
        var failures = await SendAllAsync(node, requests);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} answers were wrong:\n" + string.Join("\n", failures.Take(15)));
        Assert.Empty(Directory.Exists(spool) ? Directory.GetFiles(spool) : []);
        (await node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    // Found by the generator above; kept as plain cases so they stay fixed whatever the seed does.
    [Theory]
    [InlineData("{ me\r\u0016 }", null, "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ users(first: 1) { no\r\u0016des { id } } }", null, "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ me { id } }", "NoSuchOperation", "BAD_REQUEST")]
    [InlineData("query A { __typename } query B { __typename }", null, "BAD_REQUEST")]
    public async Task Requests_that_once_caused_internal_errors_are_coded_refusals(string query, string? operationName, string code)
    {
        var body = JsonSerializer.Serialize(new { query, operationName });
        using var response = await _node.CreateClient().PostAsync("/graphql",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json") { Headers = { ContentType = new("application/json") } });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(code, json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Null(json["data"]);
    }

    [Theory]
    [InlineData("{\"query\":\"{ me\xFF { id } }\"}")]
    [InlineData("{\"query\":\"{ __typename }\",\"operationName\":\"A\xC3\"}")]
    [InlineData("{\"query\":\"{ __typename }\",\"qu\xFEry\":1}")]
    public async Task Invalid_utf8_in_query_operationName_or_a_property_name_is_BAD_REQUEST_not_500(string template)
    {
        // The \xNN escapes above stand for single raw bytes, which no C# string can hold.
        var bytes = template.Select(c => (byte)c).ToArray();
        using var content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        using var response = await _node.CreateClient().SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    /// <summary>Sends the requests, several at a time, and describes every answer <see cref="Judge"/> finds wrong.</summary>
    private static async Task<ConcurrentQueue<string>> SendAllAsync(TokenIMFactory node, IReadOnlyList<HostileRequest> requests)
    {
        var http = node.CreateClient();
        // A hang fails the test instead of stalling it; no answer is expected to come near this.
        http.Timeout = TimeSpan.FromSeconds(60);
        var failures = new ConcurrentQueue<string>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (request, _) =>
        {
            try
            {
                using var message = request.ToMessage();
                using var response = await http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                if (Judge(request, response, body) is { } problem) failures.Enqueue($"{problem}\n    request: {request}\n    answer: {(int)response.StatusCode} {Truncate(body)}");
            }
            catch (TaskCanceledException)
            {
                failures.Enqueue($"no answer within the timeout\n    request: {request}");
            }
        });
        return failures;
    }

    private static string? Judge(HostileRequest request, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"HTTP {status}";
        if (status is < 200 or >= 300 and < 400 or >= 500) return $"unexpected HTTP {status}";
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) return "internals leaked";

        // Single connection mode's reservation: the token as text.
        if (request.Method == HttpMethod.Put && status == 201)
            return response.Content.Headers.ContentType?.MediaType == "text/plain" && body.Length > 0 ? null : "a reservation without a token";
        // An event stream answers with events; each result in it is judged like a JSON body.
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            if (events.Length == 0 || !events[^1].StartsWith("event: complete", StringComparison.Ordinal)) return "an event stream that did not complete";
            foreach (var next in events.Where(e => e.StartsWith("event: next\ndata: ", StringComparison.Ordinal)))
                if (Judge(request, new HttpResponseMessage(response.StatusCode), next["event: next\ndata: ".Length..]) is { } problem) return problem;
            return null;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body)?.AsObject() ?? throw new JsonException();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return "the body is not a JSON object";
        }

        if (request.Path.StartsWith("/oauth/token", StringComparison.Ordinal))
        {
            if (status == 200) return json["access_token"] is null ? "a 200 without a token" : null;
            return json["error"]?.GetValue<string>() is { } error && OAuthErrors.Contains(error) ? null : "an OAuth error without a known code";
        }

        var errors = json["errors"]?.AsArray();
        if (errors is null || errors.Count == 0)
            return status == 200 && json["data"] is not null ? null : "a refusal without errors";
        foreach (var error in errors)
        {
            var code = error?["extensions"]?["code"]?.GetValue<string>();
            if (code is null || !Catalogue.Contains(code)) return $"an error without a catalogue code ({code ?? "none"})";
            if (code == "INTERNAL_SERVER_ERROR") return "an internal error";
        }
        return null;
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
