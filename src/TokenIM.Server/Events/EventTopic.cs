using System.Globalization;

namespace TokenIM.Server.Events;

/// <summary>
/// Where events are published. Conversation topics carry what happens in a conversation; user topics
/// carry what happens to a user (joining, leaving), so a user's live feed can follow their memberships.
/// </summary>
public readonly record struct EventTopic(string Name)
{
    public static EventTopic Conversation(long conversationId) => new("conversation:" + conversationId.ToString(CultureInfo.InvariantCulture));

    public static EventTopic User(long userId) => new("user:" + userId.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => Name;
}
