using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Reactions;

/// <summary>The reaction operations as a client sends them, and a one-line reading of a message's reactions ("👍 2 me: alice, bob").</summary>
public static class ReactionScript
{
    public const string ReactionFields = "reactions { emoji count reactedByMe users { username } }";

    public static Task<GraphQLResponse> TryAddReactionAsync(this SignedIn user, string messageId, string emoji) =>
        user.Client.PostAsync($"mutation($id: ID!, $e: String!) {{ addReaction(input: {{ messageId: $id, emoji: $e }}) {{ message {{ id {ReactionFields} }} }} }}",
            new { id = messageId, e = emoji });

    public static Task<GraphQLResponse> TryRemoveReactionAsync(this SignedIn user, string messageId, string emoji) =>
        user.Client.PostAsync($"mutation($id: ID!, $e: String!) {{ removeReaction(input: {{ messageId: $id, emoji: $e }}) {{ message {{ id {ReactionFields} }} }} }}",
            new { id = messageId, e = emoji });

    /// <summary>The message's reactions after the add, as the payload shows them.</summary>
    public static async Task<List<string>> AddReactionAsync(this SignedIn user, string messageId, string emoji) =>
        Describe((await user.TryAddReactionAsync(messageId, emoji)).Data("addReaction")["message"]!);

    public static async Task<List<string>> RemoveReactionAsync(this SignedIn user, string messageId, string emoji) =>
        Describe((await user.TryRemoveReactionAsync(messageId, emoji)).Data("removeReaction")["message"]!);

    /// <summary>The message's reactions as the user sees them now, read through <c>node(id:)</c>.</summary>
    public static async Task<List<string>> ReactionsAsync(this SignedIn user, string messageId) =>
        Describe((await user.Client.PostAsync($"query($id: ID!) {{ node(id: $id) {{ ... on Message {{ {ReactionFields} }} }} }}", new { id = messageId }))
            .Data("node"));

    /// <summary>"👍 2 me: alice, bob" per group: emoji, count, whether the viewer is one of them, the users shown.</summary>
    public static List<string> Describe(JsonNode message) =>
        message["reactions"]!.AsArray().Select(g =>
            $"{g!["emoji"]} {g["count"]}{(g["reactedByMe"]!.GetValue<bool>() ? " me" : "")}: " +
            string.Join(", ", g["users"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()))).ToList();
}
