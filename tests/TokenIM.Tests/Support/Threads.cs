using System.Text.Json.Nodes;

namespace TokenIM.Tests.Support;

/// <summary>Replies, threads and read receipts, spelled as a client would send them.</summary>
public static class Threads
{
    public const string ReplyFields = "replyTo { id seq body deleted sender { id } } threadRootId";

    public const string ThreadFields = "thread { replyCount lastReplyAt participants { id } }";

    public static Task<GraphQLResponse> TrySendReplyAsync(this SignedIn sender, string conversationId, string body, string? replyToId = null, string? threadRootId = null) =>
        sender.Client.PostAsync(
            $"mutation($input: SendMessageInput!) {{ sendMessage(input: $input) {{ message {{ id seq body {ReplyFields} conversation {{ id lastSeq }} }} }} }}",
            new { input = new { conversationId, body, replyToId, threadRootId } });

    /// <summary>Quotes <paramref name="replyToId"/> and/or replies in the thread of <paramref name="threadRootId"/>.</summary>
    public static async Task<JsonNode> SendReplyAsync(this SignedIn sender, string conversationId, string body, string? replyToId = null, string? threadRootId = null) =>
        (await sender.TrySendReplyAsync(conversationId, body, replyToId, threadRootId)).Data("sendMessage")["message"]!;

    public static string Id(this JsonNode message) => message["id"]!.GetValue<string>();

    /// <summary>A page of <c>messages</c> with the thread arguments; nodes carry seq, body, the reply fields and the thread summary.</summary>
    public static Task<GraphQLResponse> ThreadHistoryAsync(
        this SignedIn reader, string conversationId, string? threadRootId = null, bool? includeThreadReplies = null,
        int? afterSeq = null, int? first = null, int? beforeSeq = null, int? last = null) =>
        reader.Client.PostAsync($$"""
            query($c: ID!, $t: ID, $i: Boolean = true, $a: Int, $f: Int, $b: Int, $l: Int) {
              messages(conversationId: $c, threadRootId: $t, includeThreadReplies: $i, afterSeq: $a, first: $f, beforeSeq: $b, last: $l) {
                nodes { id seq body {{ReplyFields}} {{ThreadFields}} } pageInfo { hasNextPage hasPreviousPage }
              }
            }
            """, new { c = conversationId, t = threadRootId, i = includeThreadReplies ?? true, a = afterSeq, f = first, b = beforeSeq, l = last });

    public static (bool HasNext, bool HasPrevious) PageInfo(this JsonNode connection) =>
        (connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), connection["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
}
