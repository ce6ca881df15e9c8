using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TokenIM.Benchmarks;

/// <summary>
/// GraphQL over HTTP as any client sends it: <c>POST</c> a JSON body, <c>Authorization: Bearer</c>, read
/// <c>data</c> or <c>errors</c>. One instance (one connection pool) is shared by all workers of a scenario.
/// </summary>
public sealed class GraphQLHttpClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _url;

    public GraphQLHttpClient(Uri url, int maxConnections, TimeSpan requestTimeout)
    {
        _url = url;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler) { Timeout = requestTimeout };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
    }

    /// <summary>
    /// Runs one operation. Returns the response (dispose it) when it has <c>data</c> and no <c>errors</c>;
    /// throws <see cref="GraphQLRequestException"/> for an HTTP error status or any GraphQL error.
    /// </summary>
    public async Task<GraphQLResponse> ExecuteAsync(string query, object? variables, string? token, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new GraphQLRequestBody(query, variables), BenchJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new GraphQLRequestException($"HTTP {(int)response.StatusCode}: not JSON", "HTTP_" + (int)response.StatusCode);
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) &&
            errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            var message = first.TryGetProperty("message", out var m) ? m.GetString() : null;
            var code = first.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object &&
                       ext.TryGetProperty("code", out var c) ? c.GetString() : null;
            document.Dispose();
            throw new GraphQLRequestException(message ?? "error without message", code ?? "HTTP_" + (int)response.StatusCode);
        }

        if (response.StatusCode != HttpStatusCode.OK || root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new GraphQLRequestException($"HTTP {(int)response.StatusCode} without data", "HTTP_" + (int)response.StatusCode);
        }

        return new GraphQLResponse(document, data);
    }

    public void Dispose() => _http.Dispose();

    private sealed record GraphQLRequestBody(string Query, object? Variables);
}

/// <summary>The <c>data</c> of a successful response; valid until disposed.</summary>
public sealed class GraphQLResponse(JsonDocument document, JsonElement data) : IDisposable
{
    public JsonElement Data { get; } = data;

    public void Dispose() => document.Dispose();
}

/// <summary>A failed operation: the first GraphQL error's message and <c>extensions.code</c>, or the HTTP status.</summary>
public sealed class GraphQLRequestException(string message, string code) : Exception(message)
{
    public string Code { get; } = code;
}

public static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
