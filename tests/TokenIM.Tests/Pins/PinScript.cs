using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Pins;

/// <summary>The pin operations as a client sends them.</summary>
public static class PinScript
{
    public const string PinFields = "id body pinnedAt pinnedBy { username }";

    public static Task<GraphQLResponse> TryPinAsync(this SignedIn user, string messageId) =>
        user.Client.PostAsync($"mutation($id: ID!) {{ pinMessage(input: {{ messageId: $id }}) {{ message {{ {PinFields} }} }} }}", new { id = messageId });

    public static Task<GraphQLResponse> TryUnpinAsync(this SignedIn user, string messageId) =>
        user.Client.PostAsync($"mutation($id: ID!) {{ unpinMessage(input: {{ messageId: $id }}) {{ message {{ {PinFields} }} }} }}", new { id = messageId });

    public static async Task<JsonNode> PinAsync(this SignedIn user, string messageId) => (await user.TryPinAsync(messageId)).Data("pinMessage")["message"]!;

    public static async Task<JsonNode> UnpinAsync(this SignedIn user, string messageId) => (await user.TryUnpinAsync(messageId)).Data("unpinMessage")["message"]!;

    /// <summary>"body by username" for each pinned message of the conversation, newest pin first.</summary>
    public static async Task<List<string>> PinnedAsync(this SignedIn user, string conversationId) =>
        (await user.Client.PostAsync($"query($id: ID!) {{ conversation(id: $id) {{ pinnedMessages {{ {PinFields} }} }} }}", new { id = conversationId }))
        .Data("conversation")["pinnedMessages"]!.AsArray()
        .Select(m => $"{m!["body"]} by {m["pinnedBy"]!["username"]}").ToList();

    /// <summary>The bodies of the conversation's newest messages, oldest first (system messages included).</summary>
    public static async Task<List<string>> BodiesAsync(this SignedIn user, string conversationId, int last = 10) =>
        (await user.Client.PostAsync("query($c: ID!, $l: Int) { messages(conversationId: $c, last: $l) { nodes { body } } }", new { c = conversationId, l = last }))
        .Data("messages")["nodes"]!.AsArray().Select(m => m!["body"]!.GetValue<string>()).ToList();

    public static async Task SetRoleAsync(this SignedIn owner, string groupId, SignedIn member, string role) =>
        (await owner.Client.PostAsync(
            "mutation($g: ID!, $u: ID!, $r: GroupRole!) { setGroupMemberRole(input: { groupId: $g, userId: $u, role: $r }) { group { id } } }",
            new { g = groupId, u = member.UserId, r = role })).Data("setGroupMemberRole");
}
