using TokenIM.Tests.Support;

namespace TokenIM.Tests.Groups;

/// <summary>
/// One test per cell of the permission matrix in docs/guide.md: every action, tried by every kind of caller.
/// "ok" cells must succeed; every other cell must fail with exactly that code and change nothing.
/// </summary>
public sealed class PermissionMatrixTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    public static TheoryData<string, string, string> Matrix()
    {
        var cells = new TheoryData<string, string, string>();
        void Row(string action, string owner, string admin, string member, string removed, string outsider)
        {
            cells.Add(action, "owner", owner);
            cells.Add(action, "admin", admin);
            cells.Add(action, "member", member);
            cells.Add(action, "removed", removed);
            cells.Add(action, "outsider", outsider);
        }
        Row("read the group", "ok", "ok", "ok", "null", "null");
        Row("read the history", "ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN");
        Row("send a message", "ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN");
        Row("add a member", "ok", "ok", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("remove a member", "ok", "ok", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("remove an admin", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("remove the owner", "BAD_USER_INPUT", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("leave", "FORBIDDEN", "ok", "ok", "NOT_FOUND", "NOT_FOUND");
        Row("make a member admin", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("make an admin member", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("transfer ownership", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("update the group", "ok", "ok", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        Row("delete the group", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND");
        return cells;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Permission_matrix_cell(string action, string actor, string expected)
    {
        var scene = await GroupScene.BuildAsync(_node);
        var before = await SnapshotAsync(scene);

        var response = await PerformAsync(scene, action, actor);

        if (expected == "ok")
        {
            Assert.True(response.Json["errors"] is null, $"{actor} should be able to {action}: {response.Body}");
            return;
        }
        if (expected == "null")
        {
            Assert.Null(response.Json["errors"]);
            Assert.Null(response.Json["data"]!["group"]);
            return;
        }
        Assert.Equal(expected, response.ErrorCode);
        Assert.Equal(before, await SnapshotAsync(scene));
    }

    [Fact]
    public async Task Anonymous_callers_get_UNAUTHENTICATED_for_every_group_mutation()
    {
        var scene = await GroupScene.BuildAsync(_node);
        var anonymous = scene["owner"] with { Client = _node.CreateGraphQLClient() };
        scene.People["anonymous"] = anonymous;

        foreach (var action in new[] { "add a member", "remove a member", "leave", "make a member admin", "transfer ownership", "update the group", "delete the group" })
            Assert.Equal("UNAUTHENTICATED", (await PerformAsync(scene, action, "anonymous")).ErrorCode);
    }

    private static Task<GraphQLResponse> PerformAsync(GroupScene scene, string action, string actor) => action switch
    {
        "read the group" => scene.ReadAsync(actor),
        "read the history" => scene[actor].HistoryAsync(scene.ConversationId),
        "send a message" => scene[actor].Client.TrySendAsync(new { conversationId = scene.ConversationId, body = "hello" }),
        "add a member" => scene.AddAsync(actor, "outsider"),
        "remove a member" => scene.RemoveAsync(actor, "targetMember"),
        "remove an admin" => scene.RemoveAsync(actor, "targetAdmin"),
        "remove the owner" => scene.RemoveAsync(actor, "owner"),
        "leave" => scene.LeaveAsync(actor),
        "make a member admin" => scene.SetRoleAsync(actor, "targetMember", "ADMIN"),
        "make an admin member" => scene.SetRoleAsync(actor, "targetAdmin", "MEMBER"),
        "transfer ownership" => scene.TransferAsync(actor, "targetMember"),
        "update the group" => scene.UpdateAsync(actor, new { name = "renamed" }),
        "delete the group" => scene.DeleteAsync(actor),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    // What a refused action must leave untouched: the group, its members and roles, its history.
    private static async Task<string> SnapshotAsync(GroupScene scene) =>
        (await scene["owner"].Client.PostAsync("""
            query($g: ID!) { group(id: $g) { name description members(first: 100) { nodes { user { username } role } } conversation { lastSeq } } }
            """, new { g = scene.GroupId })).Body;
}
