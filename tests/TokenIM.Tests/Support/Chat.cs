using System.Text.Json.Nodes;

namespace TokenIM.Tests.Support;

/// <summary>The chat operations tests use again and again, spelled as a client would send them.</summary>
public static class Chat
{
    public const string MessageFields = "id seq body kind clientMessageId createdAt editedAt deletedAt sender { id } conversation { id lastSeq }";

    public static Task<GraphQLResponse> TrySendAsync(this GraphQLClient client, object input) =>
        client.PostAsync($"mutation($input: SendMessageInput!) {{ sendMessage(input: $input) {{ message {{ {MessageFields} }} }} }}", new { input });

    public static async Task<JsonNode> SendToAsync(this SignedIn sender, SignedIn recipient, string body = "hello", string? clientMessageId = null) =>
        (await sender.Client.TrySendAsync(new { recipientId = recipient.UserId, body, clientMessageId })).Data("sendMessage")["message"]!;

    public static async Task<JsonNode> SendInAsync(this SignedIn sender, string conversationId, string body = "hello", string? clientMessageId = null) =>
        (await sender.Client.TrySendAsync(new { conversationId, body, clientMessageId })).Data("sendMessage")["message"]!;

    public static string ConversationId(this JsonNode message) => message["conversation"]!["id"]!.GetValue<string>();

    public static int Seq(this JsonNode message) => message["seq"]!.GetValue<int>();

    public static async Task<JsonNode> CreateGroupAsync(this SignedIn owner, string name, params SignedIn[] members) =>
        (await owner.Client.PostAsync(
            "mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id name createdAt conversation { id kind lastSeq members { id } } } } }",
            new { input = new { name, memberIds = members.Select(m => m.UserId).ToArray() } })).Data("createGroup")["group"]!;

    /// <summary>owner, bob and carol in a group named "team" that owner created: the scene many tests start from.</summary>
    public static async Task<(SignedIn Owner, SignedIn Bob, SignedIn Carol, string GroupId, string ConversationId)> TeamAsync(this GraphQLClient client)
    {
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var group = await owner.CreateGroupAsync("team", bob, carol);
        return (owner, bob, carol, group["id"]!.GetValue<string>(), group["conversation"]!["id"]!.GetValue<string>());
    }

    public static Task<GraphQLResponse> HistoryAsync(this SignedIn reader, string conversationId, int? afterSeq = null, int? first = null, int? beforeSeq = null, int? last = null) =>
        reader.Client.PostAsync("""
            query($c: ID!, $a: Int, $f: Int, $b: Int, $l: Int) {
              messages(conversationId: $c, afterSeq: $a, first: $f, beforeSeq: $b, last: $l) {
                edges { cursor node { seq } } nodes { seq body } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """, new { c = conversationId, a = afterSeq, f = first, b = beforeSeq, l = last });

    public static List<int> Seqs(this JsonNode connection) =>
        connection["nodes"]!.AsArray().Select(n => n!["seq"]!.GetValue<int>()).ToList();
}
