using System.Text.Json.Nodes;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>
/// The operations the stream's tests repeat, and a one-line reading of each event ("MESSAGE_POSTED hi", "READ 3"),
/// so a test can state the whole sequence it expects.
/// </summary>
public static class StreamScript
{
    public const string Fields = "cursor kind conversation { id } message { id seq body kind editedAt deletedAt } user { id } seq";

    public static string Subscription(string? after = null) =>
        after is null
            ? $"subscription {{ conversationEvents {{ {Fields} }} }}"
            : $"subscription {{ conversationEvents(after: \"{after}\") {{ {Fields} }} }}";

    /// <summary>The subscription with the cursor as the variable <c>$after</c>, as clients send it.</summary>
    public static string SubscriptionAfterVariable => $"subscription($after: String) {{ conversationEvents(after: $after) {{ {Fields} }} }}";

    public static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    public static Task<SubscriptionProbe> SubscribeAsync(IServiceProvider node, SignedIn user, string? after = null) =>
        SubscriptionProbe.StartAsync(node, Key(user), Subscription(after));

    /// <summary>The next event of the stream.</summary>
    public static JsonNode NextEvent(this SubscriptionProbe probe) =>
        probe.Next()["data"]?["conversationEvents"] ?? throw new Xunit.Sdk.XunitException("Not an event of the stream");

    /// <summary>Every event up to and including CAUGHT_UP (or RESYNC_REQUIRED, which ends the stream).</summary>
    public static List<JsonNode> UntilCaughtUp(this SubscriptionProbe probe)
    {
        var events = new List<JsonNode>();
        while (true)
        {
            var next = probe.NextEvent();
            events.Add(next);
            if (Kind(next) is "CAUGHT_UP" or "RESYNC_REQUIRED") return events;
        }
    }

    /// <summary>Waits for the stream's CAUGHT_UP; the cursor it carries.</summary>
    public static string CaughtUpCursor(this SubscriptionProbe probe) => Cursor(probe.UntilCaughtUp()[^1]);

    public static string Kind(JsonNode e) => e["kind"]!.GetValue<string>();

    public static string Cursor(JsonNode e) => e["cursor"]!.GetValue<string>();

    /// <summary>"MESSAGE_POSTED body", "MESSAGE_UPDATED body (edited)", "MESSAGE_UPDATED (recalled)", "READ userId seq", "CAUGHT_UP".</summary>
    public static string Describe(JsonNode e)
    {
        var kind = Kind(e);
        return kind switch
        {
            "MESSAGE_POSTED" => $"{kind} {e["message"]!["body"]!.GetValue<string>()}",
            "MESSAGE_UPDATED" when e["message"]!["deletedAt"] is not null => $"{kind} (recalled)",
            "MESSAGE_UPDATED" => $"{kind} {e["message"]!["body"]!.GetValue<string>()} (edited)",
            "READ" => $"{kind} {e["user"]!["id"]!.GetValue<string>()} {e["seq"]!.GetValue<int>()}",
            _ => kind,
        };
    }

    public static List<string> Describe(IEnumerable<JsonNode> events) => events.Select(Describe).ToList();

    public static async Task EditAsync(this SignedIn user, string messageId, string body) =>
        (await user.Client.PostAsync("mutation($id: ID!, $b: String!) { editMessage(input: { messageId: $id, body: $b }) { message { id } } }",
            new { id = messageId, b = body })).Data("editMessage");

    public static async Task RecallAsync(this SignedIn user, string messageId) =>
        (await user.Client.PostAsync("mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }",
            new { id = messageId })).Data("deleteMessage");

    public static async Task MarkReadAsync(this SignedIn user, string conversationId, int seq) =>
        (await user.Client.PostAsync("mutation($c: ID!, $s: Int!) { markRead(input: { conversationId: $c, seq: $s }) { conversation { id } } }",
            new { c = conversationId, s = seq })).Data("markRead");

    public static async Task AddToGroupAsync(this SignedIn owner, string groupId, SignedIn member) =>
        (await owner.Client.PostAsync("mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { group { id } } }",
            new { g = groupId, u = new[] { member.UserId } })).Data("addGroupMembers");

    public static async Task RemoveFromGroupAsync(this SignedIn owner, string groupId, SignedIn member) =>
        (await owner.Client.PostAsync("mutation($g: ID!, $u: ID!) { removeGroupMember(input: { groupId: $g, userId: $u }) { group { id } } }",
            new { g = groupId, u = member.UserId })).Data("removeGroupMember");

    /// <summary>A socket of <paramref name="protocol"/> to the node, signed in as <paramref name="user"/> in connection_init.</summary>
    public static async Task<WebSocketTestClient> ConnectAsync(this TokenIMFactory node, SignedIn user, string protocol)
    {
        var socket = await WebSocketTestClient.ConnectAsync(node.Server, protocol);
        await socket.InitAsync(new { authorization = $"Bearer {user.Client.AccessToken}" });
        return socket;
    }

    /// <summary>The next event of the stream on a socket (graphql-transport-ws says "next", the legacy protocol "data"; the payload is the same).</summary>
    public static async Task<JsonNode> NextEventAsync(this WebSocketTestClient socket)
    {
        var message = await socket.ReceiveAsync();
        Xunit.Assert.Contains(WebSocketTestClient.Type(message), new[] { "next", "data" });
        return message["payload"]!["data"]!["conversationEvents"]!;
    }
}
