using System.Globalization;

namespace TokenIM.Server.Events;

/// <summary>
/// Where events are published. Conversation topics carry what happens in a conversation; user topics
/// carry what happens to a user (joining, leaving, notifications), so a user's live feed can follow their
/// memberships. Presence topics carry a user's comings and goings to whoever watches them: they are
/// apart from user topics because anyone may watch a user's presence, and nobody else their user topic.
/// </summary>
public readonly record struct EventTopic(string Name)
{
    public static EventTopic Conversation(long conversationId) => new("conversation:" + conversationId.ToString(CultureInfo.InvariantCulture));

    public static EventTopic User(long userId) => new("user:" + userId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ended sessions, for every node's cache of live sessions.</summary>
    public static readonly EventTopic Sessions = new("sessions");

    public static EventTopic Presence(long userId) => new("presence:" + userId.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => Name;
}
