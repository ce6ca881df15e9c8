using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Server.Attachments;
using TokenIM.Server.Data;
using TokenIM.Server.Files;
using TokenIM.Tests.Search;
using TokenIM.Tests.Support;
using static TokenIM.Tests.Attachments.AttachmentScript;

namespace TokenIM.Tests.Attachments;

/// <summary>
/// What the sweeper deletes: a recalled message's files, uploads never sent within their lifetime, files of deleted
/// conversations; and a stored key only when no attachment names it any more. Each test runs a sweep itself (the node's
/// own runs every few seconds too, as another node's would: both at once is part of what is tested).
/// </summary>
public sealed class AttachmentSweeperTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Attachments:UnsentLifetime", "01:00:00");

    public void Dispose() => _node.Dispose();

    private Task<int> SweepAsync() => _node.Services.GetRequiredService<AttachmentSweeper>().SweepAsync(CancellationToken.None);

    private async Task<bool> StoredAsync(string key)
    {
        await using var file = await _node.Services.GetRequiredService<IFileStore>().OpenReadAsync(key, 0, 0, CancellationToken.None);
        return file is not null;
    }

    private async Task<string> KeyOfAsync(string attachmentId) => (await RowAsync(attachmentId))!.StoreKey!;

    private async Task<Attachment?> RowAsync(string attachmentId)
    {
        Assert.True(GlobalId.TryDecode(attachmentId, out _, out var key));
        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        return await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == key);
    }

    private async Task AgeAsync(string attachmentId, TimeSpan by)
    {
        var row = (await RowAsync(attachmentId))!;
        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        await db.Attachments.Where(a => a.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, row.CreatedAt - by));
    }

    [Fact]
    public async Task A_recalled_messages_files_leave_the_store()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("recall me"));
        var message = await owner.SendWithAsync(conversationId, "oops", file);
        var key = await KeyOfAsync(file);
        Assert.True(await StoredAsync(key));

        await owner.RecallAsync(message.Id());
        await SweepAsync();

        Assert.False(await StoredAsync(key));
        Assert.Null(await RowAsync(file));
    }

    [Fact]
    public async Task A_file_another_attachment_still_names_stays_in_the_store()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var mine = await owner.UploadAsync(Utf8("the same bytes"));
        var his = await bob.UploadAsync(Utf8("the same bytes"));
        Assert.Equal(await KeyOfAsync(mine), await KeyOfAsync(his));
        var message = await owner.SendWithAsync(conversationId, "shared content", mine);
        await bob.SendWithAsync(conversationId, "me too", his);

        await owner.RecallAsync(message.Id());
        await SweepAsync();

        Assert.Null(await RowAsync(mine));
        Assert.True(await StoredAsync(await KeyOfAsync(his)));
        Assert.NotNull(await bob.AttachmentAsync(his));
    }

    [Fact]
    public async Task An_upload_never_sent_is_swept_after_its_lifetime_and_not_before()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var young = await alice.UploadAsync(Utf8("young"));
        var old = await alice.UploadAsync(Utf8("old"));
        var (pending, _) = await alice.CreateUploadAsync("never.txt", "text/plain", 5);
        var oldKey = await KeyOfAsync(old);
        await AgeAsync(old, TimeSpan.FromMinutes(61));
        await AgeAsync(pending, TimeSpan.FromMinutes(61));

        await SweepAsync();

        Assert.Null(await RowAsync(old));
        Assert.Null(await RowAsync(pending));
        Assert.False(await StoredAsync(oldKey));
        Assert.NotNull(await alice.AttachmentAsync(young));
    }

    [Fact]
    public async Task A_sent_file_is_never_swept_however_old()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("keep me"));
        await owner.SendWithAsync(conversationId, "kept", file);
        await AgeAsync(file, TimeSpan.FromDays(30));

        await SweepAsync();

        Assert.NotNull(await bob.AttachmentAsync(file));
        Assert.True(await StoredAsync(await KeyOfAsync(file)));
    }

    [Fact]
    public async Task A_dissolved_groups_files_leave_the_store()
    {
        var (owner, _, _, groupId, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("group file"));
        await owner.SendWithAsync(conversationId, "file", file);
        var key = await KeyOfAsync(file);

        (await owner.Client.PostAsync("mutation($g: ID!) { deleteGroup(input: { groupId: $g }) { deletedGroupId } }", new { g = groupId })).Data("deleteGroup");
        await SweepAsync();

        Assert.Null(await RowAsync(file));
        Assert.False(await StoredAsync(key));
    }

    [Fact]
    public async Task Several_sweeps_at_once_delete_each_file_once_and_leave_nothing_behind()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var keys = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var file = await owner.UploadAsync(Utf8($"file {i}"));
            keys.Add(await KeyOfAsync(file));
            await owner.RecallAsync((await owner.SendWithAsync(conversationId, $"m{i}", file)).Id());
        }

        var swept = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));

        Assert.True(swept.Sum() <= 8);
        foreach (var key in keys) Assert.False(await StoredAsync(key));
        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Attachments.CountAsync());
    }
}
