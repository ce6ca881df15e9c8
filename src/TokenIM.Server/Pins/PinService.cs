using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

/// <summary>
/// Pinning and unpinning. Each one that changes something is applied by the <see cref="ConversationLog"/> with the
/// conversation locked (the actor's role is checked there, so a demotion a moment ago counts), and is two changes of
/// the conversation: a system message saying who pinned or unpinned (MESSAGE_POSTED), then the pinned message's own
/// change (MESSAGE_UPDATED, its <c>pinnedAt</c> set or cleared). Both are announced after the commit.
/// </summary>
public sealed class PinService(IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, TimeProvider clock)
{
    public Task<MessageView> PinAsync(long userId, long messageId, CancellationToken ct) => ChangeAsync(userId, messageId, pin: true, ct);

    public Task<MessageView> UnpinAsync(long userId, long messageId, CancellationToken ct) => ChangeAsync(userId, messageId, pin: false, ct);

    private async Task<MessageView> ChangeAsync(long userId, long messageId, bool pin, CancellationToken ct)
    {
        var seen = await Membership.MessageForMemberAsync(dbFactory, messageId, userId, ct) ?? throw NoSuchMessage();
        var now = clock.GetUtcNow().UtcDateTime;
        var (message, notice, memberIds) = await log.ApplyAsync(seen.ConversationId, async (tx, token) =>
        {
            var db = tx.Db;
            var actor = await db.ConversationMembers.Include(m => m.User)
                            .SingleOrDefaultAsync(m => m.ConversationId == seen.ConversationId && m.UserId == userId, token)
                        ?? throw NoSuchMessage();
            var message = await db.Messages.Include(m => m.Sender).Include(m => m.Conversation).SingleAsync(m => m.Id == messageId, token);
            if (message.Conversation!.Kind == ConversationKind.Group && actor.Role is not (GroupRole.Owner or GroupRole.Admin))
                throw ApiError.Forbidden("Only the group's owners or admins may pin or unpin messages.");
            if (message.Kind == MessageKind.System) throw ApiError.Forbidden("System messages cannot be pinned.");
            var existing = await db.Pins.SingleOrDefaultAsync(p => p.MessageId == messageId, token);
            if (pin == existing is not null) return (message, (Message?)null, Array.Empty<long>());
            if (pin)
            {
                if (message.DeletedAt is not null) throw ApiError.Conflict("A deleted message cannot be pinned.", "input.messageId");
                if (await db.Pins.CountAsync(p => p.ConversationId == message.ConversationId, token) >= PinRules.MaxPerConversation)
                    throw ApiError.Conflict($"A conversation has at most {PinRules.MaxPerConversation} pinned messages; unpin one first.", "input.messageId");
                db.Pins.Add(new Pin { MessageId = messageId, ConversationId = message.ConversationId, PinnedById = userId, PinnedAt = now });
            }
            else db.Pins.Remove(existing!);
            var notice = await tx.AppendAsync(new Message
            {
                ConversationId = message.ConversationId,
                SenderId = userId,
                Kind = MessageKind.System,
                Body = $"{actor.User!.DisplayName} {(pin ? "pinned" : "unpinned")} a message",
                SystemAction = pin ? SystemAction.MessagePinned : SystemAction.MessageUnpinned,
                SystemDetail = messageId.ToString(CultureInfo.InvariantCulture),
                CreatedAt = now,
            }, token);
            message.Change = await tx.RecordUpdateAsync(message, now, token);
            await db.SaveChangesAsync(token);
            var memberIds = await db.ConversationMembers.Where(m => m.ConversationId == message.ConversationId).Select(m => m.UserId).ToArrayAsync(token);
            return (message, notice, memberIds);
        }, ct);
        var view = MessageView.Of(message, message.Sender, message.Conversation);
        if (notice is null) return view;
        await events.MessagePostedAsync(notice);
        await events.MessageChangedAsync(view, memberIds);
        return view;
    }

    // Outsiders learn nothing about a message, not even that it exists.
    private static ApiError NoSuchMessage() => ApiError.NotFound("There is no such message.");
}
