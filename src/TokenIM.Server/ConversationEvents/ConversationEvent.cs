using TokenIM.Server.Messages;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// One event of a user's <c>conversationEvents</c> stream, with the cursor that resumes right after it. Made per
/// subscriber (the cursor is theirs), so it is never shared between sockets.
/// </summary>
/// <param name="ReaderId">For <see cref="ConversationEventKind.Read"/>: whose read cursor moved.</param>
/// <param name="ReadSeq">For <see cref="ConversationEventKind.Read"/>: the reader's new read cursor.</param>
public sealed record ConversationEvent(
    string Cursor, ConversationEventKind Kind, long? ConversationId = null, Message? Message = null, long? ReaderId = null, int? ReadSeq = null);
