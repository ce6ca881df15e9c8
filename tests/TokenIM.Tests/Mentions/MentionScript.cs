using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Mentions;

/// <summary>The mention operations the tests repeat, spelled as a client would send them.</summary>
public static class MentionScript
{
    public const string MentionFields = "mentions { users { id username } all me }";

    public static Task<GraphQLResponse> TrySendInAsync(this SignedIn sender, string conversationId, string body) =>
        sender.Client.PostAsync($"mutation($input: SendMessageInput!) {{ sendMessage(input: $input) {{ message {{ id seq body {MentionFields} }} }} }}",
            new { input = new { conversationId, body } });

    public static async Task<JsonNode> MentionInAsync(this SignedIn sender, string conversationId, string body) =>
        (await sender.TrySendInAsync(conversationId, body)).Data("sendMessage")["message"]!;

    public static Task<GraphQLResponse> MentionsOfMeAsync(this SignedIn user, int? first = null, string? after = null) =>
        user.Client.PostAsync("""
            query($f: Int, $a: String) {
              mentionsOfMe(first: $f, after: $a) {
                nodes { all unread createdAt message { id seq body } conversation { id } }
                pageInfo { hasNextPage endCursor }
              }
              me { unreadMentionCount }
            }
            """, new { f = first, a = after });

    public static List<string> Bodies(this GraphQLResponse mentions) =>
        mentions.Data("mentionsOfMe")["nodes"]!.AsArray().Select(n => n!["message"]!["body"]!.GetValue<string>()).ToList();

    public static int UnreadMentionCount(this GraphQLResponse mentions) => mentions.Data("me")["unreadMentionCount"]!.GetValue<int>();

    public static List<string> MentionedIds(this JsonNode message) =>
        message["mentions"]!["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();

    public static async Task SetRoleAsync(this SignedIn owner, string groupId, SignedIn member, string role) =>
        (await owner.Client.PostAsync("mutation($g: ID!, $u: ID!, $r: GroupRole!) { setGroupMemberRole(input: { groupId: $g, userId: $u, role: $r }) { group { id } } }",
            new { g = groupId, u = member.UserId, r = role })).Data("setGroupMemberRole");
}
