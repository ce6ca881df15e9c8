using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>searchMessages as a client sends it, and what tests read from its answer.</summary>
public static class SearchScript
{
    public const string Query = """
        query($q: String!, $c: ID, $f: Int, $a: String) {
          searchMessages(query: $q, conversationId: $c, first: $f, after: $a) {
            edges { cursor node { snippet message { id seq body conversation { id } sender { id username } } } }
            pageInfo { hasNextPage hasPreviousPage endCursor }
          }
        }
        """;

    public static Task<GraphQLResponse> TrySearchAsync(this SignedIn reader, string query, string? conversationId = null, int? first = null, string? after = null) =>
        reader.Client.PostAsync(Query, new { q = query, c = conversationId, f = first, a = after });

    public static async Task<JsonNode> SearchAsync(this SignedIn reader, string query, string? conversationId = null, int? first = null, string? after = null) =>
        (await reader.TrySearchAsync(query, conversationId, first, after)).Data("searchMessages");

    /// <summary>The bodies found, in the order of the page.</summary>
    public static List<string> Bodies(this JsonNode page) =>
        [.. page["edges"]!.AsArray().Select(e => e!["node"]!["message"]!["body"]!.GetValue<string>())];

    public static List<string> Snippets(this JsonNode page) =>
        [.. page["edges"]!.AsArray().Select(e => e!["node"]!["snippet"]!.GetValue<string>())];

    public static Task<GraphQLResponse> EditAsync(this SignedIn sender, string messageId, string body) =>
        sender.Client.PostAsync("mutation($id: ID!, $b: String!) { editMessage(input: { messageId: $id, body: $b }) { message { id } } }", new { id = messageId, b = body });

    public static Task<GraphQLResponse> RecallAsync(this SignedIn sender, string messageId) =>
        sender.Client.PostAsync("mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }", new { id = messageId });

    public static async Task LeaveAsync(this SignedIn member, string groupId) =>
        (await member.Client.PostAsync("mutation($g: ID!) { leaveGroup(input: { groupId: $g }) { groupId } }", new { g = groupId })).Data("leaveGroup");

    public static async Task RemoveAsync(this SignedIn owner, string groupId, SignedIn member) =>
        (await owner.Client.PostAsync("mutation($g: ID!, $u: ID!) { removeGroupMember(input: { groupId: $g, userId: $u }) { group { id } } }",
            new { g = groupId, u = member.UserId })).Data("removeGroupMember");
}
