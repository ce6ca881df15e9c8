using TokenIM.Server.Users;

namespace TokenIM.Server.Reactions;

/// <summary>The reactions to one message with one emoji, as the viewer sees them.</summary>
/// <param name="Users">The first members who reacted, at most <see cref="ReactionRules.UsersShown"/>, in the order they did.</param>
public sealed record ReactionGroup(string Emoji, int Count, bool ReactedByMe, IReadOnlyList<User> Users);
