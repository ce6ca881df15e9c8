using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Reactions;

/// <summary>
/// A member added (<paramref name="Added"/>) or removed a reaction to a message; <see cref="MessageView.Change"/> is
/// the reaction's change position.
/// </summary>
public sealed record ReactionChanged(MessageView Message, long UserId, string Emoji, bool Added, long[] MemberIds) : ChatEvent
{
    /// <summary>What the change log keeps of a reaction beside the message and the user, so a replay can say it again: direction, then emoji.</summary>
    public static string DetailOf(bool added, string emoji) => (added ? "+" : "-") + emoji;

    /// <summary>The direction and emoji a change-log row's detail (<see cref="DetailOf"/>) recorded.</summary>
    public static (bool Added, string Emoji) ParseDetail(string detail) => (detail[0] == '+', detail[1..]);
}
