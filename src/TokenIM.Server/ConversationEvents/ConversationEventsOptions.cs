using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.ConversationEvents;

/// <summary>Bound from <c>TokenIM:ConversationEvents</c>: how far back <c>conversationEvents(after:)</c> can resume.</summary>
public sealed class ConversationEventsOptions
{
    public const string Section = "TokenIM:ConversationEvents";

    /// <summary>
    /// The horizon in days: a cursor issued longer ago than this gets <c>RESYNC_REQUIRED</c>, and the change log keeps
    /// its rows one day longer (so a cursor inside the horizon always finds every change after it).
    /// </summary>
    [Range(7, 3650)]
    public int HorizonDays { get; set; } = 7;

    /// <summary>
    /// The most changes one resume replays. A backlog larger than this gets <c>RESYNC_REQUIRED</c> instead (reloading
    /// by queries is cheaper), never a part of it.
    /// </summary>
    [Range(10_000, 1_000_000)]
    public int MaxReplay { get; set; } = 10_000;
}
