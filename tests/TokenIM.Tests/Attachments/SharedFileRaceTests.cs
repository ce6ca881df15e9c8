using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Files;
using TokenIM.Tests.Support;
using static TokenIM.Tests.Attachments.AttachmentScript;

namespace TokenIM.Tests.Attachments;

/// <summary>
/// Equal files share one stored key. An upload whose bytes the intake finds already stored, by an attachment the sweeper
/// deletes at that moment, must not end up naming a file that is gone: it is refused, to be sent again. The store here
/// deletes each file right after the intake stores it, when told to, as a sweep on another node would in between.
/// </summary>
public sealed class SharedFileRaceTests : IDisposable
{
    private readonly TokenIMFactory _node;
    private volatile bool _sweepRightAfterPut;

    public SharedFileRaceTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IFileStore));
            services.AddSingleton<IFileStore>(sp => new SweptAfterPut((IFileStore)original.ImplementationFactory!(sp), () => _sweepRightAfterPut));
        },
    };

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_PUT_whose_file_is_swept_before_the_attachment_names_it_is_CONFLICT_and_can_be_sent_again()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var content = Utf8("shared by two uploads");
        var (id, url) = await alice.CreateUploadAsync("a.txt", "text/plain", content.Length);

        _sweepRightAfterPut = true;
        var (status, json) = await _node.CreateClient().PutBodyAsync(url, content);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("CONFLICT", json.Code());
        Assert.Null(await alice.AttachmentAsync(id));

        _sweepRightAfterPut = false;
        Assert.Equal(HttpStatusCode.OK, (await _node.CreateClient().PutBodyAsync(url, content)).Status);
        var url2 = (await alice.AttachmentAsync(id))!["url"]!.GetValue<string>();
        Assert.Equal(content, await _node.CreateClient().GetByteArrayAsync(new Uri(url2).PathAndQuery));
    }

    private sealed class SweptAfterPut(IFileStore inner, Func<bool> sweep) : IFileStore
    {
        public async Task PutAsync(string key, string localPath, string contentType, CancellationToken ct)
        {
            await inner.PutAsync(key, localPath, contentType, ct);
            if (sweep()) await inner.DeleteAsync(key, ct);
        }

        public Task<StoredFileStream?> OpenReadAsync(string key, long offset, long? length, CancellationToken ct) => inner.OpenReadAsync(key, offset, length, ct);

        public Task DeleteAsync(string key, CancellationToken ct) => inner.DeleteAsync(key, ct);
    }
}
