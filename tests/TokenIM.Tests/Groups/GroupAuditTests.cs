using TokenIM.Tests.Support;

namespace TokenIM.Tests.Groups;

/// <summary>Role changes, removals, hand-overs and dissolutions are security events: the audit log holds them.</summary>
public sealed class GroupAuditTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Admins:0", "root");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Group_role_changes_removals_hand_overs_and_deletion_are_audited()
    {
        var scene = await GroupScene.BuildAsync(_node);
        (await scene.TransferAsync("owner", "admin")).Data("transferGroupOwnership");
        (await scene.DeleteAsync("admin")).Data("deleteGroup");
        var root = await _node.CreateGraphQLClient().RegisterAsync("root");

        var events = (await root.Client.PostAsync("{ auditEvents(first: 100) { nodes { action outcome actor { username } target details } } }"))
            .Data("auditEvents")["nodes"]!.AsArray()
            .Select(e => (Action: e!["action"]!.GetValue<string>(), Actor: e["actor"]?["username"]?.GetValue<string>(), Target: e["target"]?.GetValue<string>()))
            .Where(e => e.Action.StartsWith("GROUP_", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(("GROUP_ROLE_CHANGED", "owner", scene["admin"].UserId), events);
        Assert.Contains(("GROUP_MEMBER_REMOVED", "owner", scene["removed"].UserId), events);
        Assert.Contains(("GROUP_OWNERSHIP_TRANSFERRED", "owner", scene["admin"].UserId), events);
        Assert.Contains(("GROUP_DELETED", "admin", (string?)null), events);
    }
}
