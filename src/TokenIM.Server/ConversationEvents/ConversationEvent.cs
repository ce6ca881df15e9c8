using TokenIM.Server.Log;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// One event of a user's <c>conversationEvents</c> stream, with the cursor that resumes right after it. Made per
/// subscriber (the cursor is theirs), so it is never shared between sockets.
/// </summary>
/// <param name="UserId">For <see cref="ConversationEventKind.Read"/>: whose read cursor moved; for <see cref="ConversationEventKind.Reaction"/>: who reacted.</param>
/// <param name="ReadSeq">For <see cref="ConversationEventKind.Read"/>: the reader's new read cursor.</param>
/// <param name="Emoji">For <see cref="ConversationEventKind.Reaction"/>: the emoji.</param>
/// <param name="Added">For <see cref="ConversationEventKind.Reaction"/>: whether it was added (or removed).</param>
public sealed record ConversationEvent(
    string Cursor, ConversationEventKind Kind, long? ConversationId = null, MessageView? Message = null, long? UserId = null, int? ReadSeq = null,
    string? Emoji = null, bool? Added = null);
