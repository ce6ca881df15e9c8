using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>
/// The client side of the resumable stream (docs/guide.md, "Real-time that resumes"): one subscription,
/// <c>conversationEvents(after: cursor)</c>. The server replays what committed after our cursor, exactly once and in
/// order, then says CAUGHT_UP, then goes live, so there is no gap-checking here: all we keep is the cursor of the last
/// event we processed. <paramref name="show"/> gets each new message, <paramref name="showReaction"/> each reaction added
/// or taken back, with its source: catch-up (replayed) or live.
/// </summary>
public sealed class Inbox(Action<JsonNode, string> show, Action<JsonNode, string> showReaction)
{
    public const string MessageFields = """
        id seq body createdAt conversation { id } sender { id username displayName }
        replyTo { id seq body deleted sender { username displayName } } reactions { emoji count reactedByMe }
        """;

    // REACTION events name who reacted (user), with what (emoji), whether added, and the message's reactions as they are now.
    public const string StreamQuery = $$"""
        subscription($after: String) {
          conversationEvents(after: $after) { cursor kind emoji added user { id username displayName } message { {{MessageFields}} } }
        }
        """;

    private bool _caughtUp;
    private int _replayed;

    /// <summary>The cursor of the last event processed: what a real app would keep on disk. Null: start live.</summary>
    public string? Cursor { get; private set; }

    /// <summary>The variables of a (re)subscription: from our cursor. Call it once per subscribe.</summary>
    public JsonObject Resume()
    {
        _caughtUp = false;
        _replayed = 0;
        return new JsonObject { ["after"] = Cursor };
    }

    /// <summary>
    /// One event of the stream. Returns how many messages were replayed at CAUGHT_UP, -1 when the server cannot
    /// resume from our cursor (RESYNC_REQUIRED: reload by queries, subscribe again, which starts live), else null.
    /// </summary>
    public int? Receive(JsonNode e)
    {
        switch ((string?)e["kind"])
        {
            case "MESSAGE_POSTED":
                show(e["message"]!, _caughtUp ? "live" : "catch-up");
                if (!_caughtUp) _replayed++;
                break;
            case "REACTION":
                showReaction(e, _caughtUp ? "live" : "catch-up");
                break;
            case "CAUGHT_UP":
                _caughtUp = true;
                Cursor = (string?)e["cursor"];
                return _replayed;
            case "RESYNC_REQUIRED":
                Cursor = null;
                return -1;
        }
        // Only now, after the event was handled: a crash before this line replays it rather than losing it.
        Cursor = (string?)e["cursor"];
        return null;
    }
}
