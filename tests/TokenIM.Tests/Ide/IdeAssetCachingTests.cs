using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Ide;

public sealed class IdeAssetCachingTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Api:Ide", "GraphiQL");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task The_bundle_is_sent_gzipped_to_a_browser_and_unpacks_to_the_same_script()
    {
        var client = _node.CreateClient();
        var plain = await client.GetByteArrayAsync("/ide/graphiql.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ide/graphiql.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");

        using var response = await client.SendAsync(request);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var unpacked = new MemoryStream();
        await gzip.CopyToAsync(unpacked);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.True(response.Content.Headers.ContentLength < plain.Length / 2, "gzip should at least halve the script");
        Assert.Equal(plain, unpacked.ToArray());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task A_reload_revalidates_the_bundle_and_gets_304_while_it_is_unchanged()
    {
        var client = _node.CreateClient();
        using var first = await client.GetAsync("/ide/graphiql.css");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl?.NoCache);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/ide/graphiql.css");
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_stale_ETag_gets_the_whole_file()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ide/graphiql.css");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-older\""));

        using var response = await _node.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
