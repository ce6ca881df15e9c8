using System.Net;
using TokenIM.Server.Files;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Files;

/// <summary>
/// Downloads from nodes on the S3 store (<c>TOKENIM_TEST_S3</c>; see <see cref="S3TestServer"/>): the same answers as on
/// the local store, and a file stored through one node downloads from another.
/// </summary>
public sealed class S3DownloadTests : IDisposable
{
    private const string SigningKey = "s3-download-tests-signing-key-0123456789";
    private readonly List<FilesNode> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }

    private FilesNode Node()
    {
        var factory = new TokenIMFactory().With("TokenIM:Auth:SigningKey", SigningKey);
        foreach (var (key, value) in S3TestServer.NodeSettings()) factory.With(key, value);
        var node = new FilesNode(factory);
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task A_node_on_S3_serves_whole_files_ranges_and_HEAD()
    {
        if (!S3TestServer.IsConfigured) return;
        var node = Node();
        Assert.IsType<S3FileStore>(node.Get<IFileStore>());
        var content = FilesNode.RandomBytes(300_000);
        var file = await node.StoreAsync(content);
        var url = node.UrlOf(file.Key);

        using var whole = await node.Client.GetAsync(url);
        using var head = await node.SendAsync(HttpMethod.Head, url);
        using var middle = await node.SendAsync(HttpMethod.Get, url, ("Range", "bytes=1000-1999"));
        using var suffix = await node.SendAsync(HttpMethod.Get, url, ("Range", "bytes=-100"));
        using var beyond = await node.SendAsync(HttpMethod.Get, url, ("Range", "bytes=300000-"));

        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(300_000, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal("bytes 1000-1999/300000", middle.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content.AsSpan(1000, 1000).ToArray(), await middle.Content.ReadAsByteArrayAsync());
        Assert.Equal(content.AsSpan(299_900).ToArray(), await suffix.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal("bytes */300000", beyond.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_file_stored_through_one_node_downloads_from_another()
    {
        if (!S3TestServer.IsConfigured) return;
        var (a, b) = (Node(), Node());
        var content = FilesNode.RandomBytes(50_000);
        var file = await a.StoreAsync(content, "image/png");

        using var response = await b.Client.GetAsync(a.UrlOf(file.Key, "from-a.bin", "application/octet-stream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_deleted_from_the_bucket_is_NOT_FOUND()
    {
        if (!S3TestServer.IsConfigured) return;
        var node = Node();
        var file = await node.StoreAsync(FilesNode.RandomBytes(1000));
        var url = node.UrlOf(file.Key);
        await node.Get<IFileStore>().DeleteAsync(file.Key, CancellationToken.None);

        using var response = await node.Client.GetAsync(url);
        using var ranged = await node.SendAsync(HttpMethod.Get, url, ("Range", "bytes=10-20"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ranged.StatusCode);
    }
}
