using TokenIM.Tests.Support;

namespace TokenIM.Tests.Groups;

/// <summary>
/// A group with someone in every position the permission matrix names: its owner, an admin, a
/// member, a member and an admin to act upon, a user who was removed, and an outsider.
/// </summary>
public sealed class GroupScene
{
    public required GraphQLClient Anonymous { get; init; }
    public required Dictionary<string, SignedIn> People { get; init; }
    public required string GroupId { get; init; }
    public required string ConversationId { get; init; }

    public SignedIn this[string who] => People[who];

    public static async Task<GroupScene> BuildAsync(TokenIMFactory node)
    {
        var client = node.CreateGraphQLClient();
        var people = new Dictionary<string, SignedIn>();
        foreach (var name in new[] { "owner", "admin", "member", "targetMember", "targetAdmin", "removed", "outsider" })
            people[name] = await client.RegisterAsync(name);
        var group = await people["owner"].CreateGroupAsync("scene",
            people["admin"], people["member"], people["targetMember"], people["targetAdmin"], people["removed"]);
        var scene = new GroupScene
        {
            Anonymous = client,
            People = people,
            GroupId = group["id"]!.GetValue<string>(),
            ConversationId = group["conversation"]!["id"]!.GetValue<string>(),
        };
        foreach (var admin in new[] { "admin", "targetAdmin" })
            (await scene.SetRoleAsync("owner", admin, "ADMIN")).Data("setGroupMemberRole");
        (await scene.RemoveAsync("owner", "removed")).Data("removeGroupMember");
        return scene;
    }

    public Task<GraphQLResponse> AddAsync(string actor, params string[] users) => this[actor].Client.PostAsync(
        "mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { group { memberCount } } }",
        new { g = GroupId, u = users.Select(u => this[u].UserId).ToArray() });

    public Task<GraphQLResponse> RemoveAsync(string actor, string target) => this[actor].Client.PostAsync(
        "mutation($g: ID!, $u: ID!) { removeGroupMember(input: { groupId: $g, userId: $u }) { group { memberCount } } }",
        new { g = GroupId, u = this[target].UserId });

    public Task<GraphQLResponse> LeaveAsync(string actor) => this[actor].Client.PostAsync(
        "mutation($g: ID!) { leaveGroup(input: { groupId: $g }) { groupId } }", new { g = GroupId });

    public Task<GraphQLResponse> SetRoleAsync(string actor, string target, string role) => this[actor].Client.PostAsync(
        "mutation($g: ID!, $u: ID!, $r: GroupRole!) { setGroupMemberRole(input: { groupId: $g, userId: $u, role: $r }) { group { id } } }",
        new { g = GroupId, u = this[target].UserId, r = role });

    public Task<GraphQLResponse> TransferAsync(string actor, string target) => this[actor].Client.PostAsync(
        "mutation($g: ID!, $u: ID!) { transferGroupOwnership(input: { groupId: $g, userId: $u }) { group { owner { username } } } }",
        new { g = GroupId, u = this[target].UserId });

    public Task<GraphQLResponse> UpdateAsync(string actor, object changes) => this[actor].Client.PostAsync(
        "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { group { name description avatarUrl } } }",
        new { input = Merge(new Dictionary<string, object?> { ["groupId"] = GroupId }, changes) });

    public Task<GraphQLResponse> DeleteAsync(string actor) => this[actor].Client.PostAsync(
        "mutation($g: ID!) { deleteGroup(input: { groupId: $g }) { deletedGroupId } }", new { g = GroupId });

    public Task<GraphQLResponse> ReadAsync(string actor) => this[actor].Client.PostAsync(
        "query($g: ID!) { group(id: $g) { name myRole memberCount owner { username } } }", new { g = GroupId });

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> into, object changes)
    {
        foreach (var property in changes.GetType().GetProperties()) into[property.Name] = property.GetValue(changes);
        return into;
    }
}
