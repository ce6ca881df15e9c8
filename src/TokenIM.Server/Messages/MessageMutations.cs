using System.Globalization;
using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;
using TokenIM.Server.RateLimiting;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

public static class MessageMutations
{
    public static void AddMessageMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SendMessagePayloadType>>("sendMessage")
            .Description("Sends a message to a conversation you belong to, or directly to a user.")
            .Argument<NonNullGraphType<SendMessageInputType>>("input", "The message.")
            .ResolveAsync(async context =>
            {
                var senderId = context.RequireUserId();
                // Before any work: a flood from one user is cut here, and nobody else is slowed by it.
                context.Service<RateLimits>().Take(RateLimitPolicies.Messages, senderId.ToString(CultureInfo.InvariantCulture));
                var input = context.GetArgument<SendMessageInput>("input");
                var attachmentIds = (input.AttachmentIds ?? [])
                    .Select((id, i) => GlobalId.Parse(id, TypeNames.Attachment, $"input.attachmentIds[{i}]")).ToArray();
                var body = MessageRules.Body(input.Body, mayBeEmpty: attachmentIds.Length > 0);
                var clientMessageId = MessageRules.ClientMessageId(input.ClientMessageId);
                var replyToId = input.ReplyToId is { } quoted ? GlobalId.Parse(quoted, TypeNames.Message, "input.replyToId") : (long?)null;
                var threadRootId = input.ThreadRootId is { } root ? GlobalId.Parse(root, TypeNames.Message, "input.threadRootId") : (long?)null;
                var conversationId = await ResolveTargetAsync(context, senderId, input);
                var message = await context.Service<MessageService>()
                    .SendAsync(senderId, conversationId, body, clientMessageId, replyToId, threadRootId, attachmentIds, context.CancellationToken);
                return message;
            });

        mutation.Field<NonNullGraphType<EditMessagePayloadType>>("editMessage")
            .Description("Replaces the text of a message you sent. System messages and deleted messages cannot be edited.")
            .Argument<NonNullGraphType<EditMessageInputType>>("input", "The message and its new text.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<EditMessageInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                var message = await context.Service<MessageService>()
                    .EditAsync(userId, messageId, MessageRules.Body(input.Body), context.CancellationToken);
                return message;
            });

        mutation.Field<NonNullGraphType<DeleteMessagePayloadType>>("deleteMessage")
            .Description("Recalls a message you sent: its text is erased for everyone, its seq stays. Deleting twice is harmless.")
            .Argument<NonNullGraphType<DeleteMessageInputType>>("input", "The message to recall.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<DeleteMessageInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                return await context.Service<MessageService>().DeleteAsync(userId, messageId, context.CancellationToken);
            });
    }

    /// <summary>The conversation a send goes to: the one named, or the direct one with the recipient.</summary>
    private static async Task<long> ResolveTargetAsync(IResolveFieldContext context, long senderId, SendMessageInput input)
    {
        if ((input.ConversationId is null) == (input.RecipientId is null))
            throw ApiError.BadInput("input", "Give exactly one of 'conversationId' and 'recipientId'.");
        if (input.ConversationId is not null)
            return GlobalId.Parse(input.ConversationId, TypeNames.Conversation, "input.conversationId");

        var recipientId = GlobalId.Parse(input.RecipientId, UserType.TypeName, "input.recipientId");
        if (recipientId == senderId) throw ApiError.BadInput("input.recipientId", "You cannot send a direct message to yourself.");
        var recipient = await context.Service<UserService>().FindAsync(recipientId, context.CancellationToken);
        if (recipient is null || recipient.IsDeleted) throw ApiError.NotFound("There is no such user.");
        return await context.Service<DirectConversations>().GetOrCreateAsync(senderId, recipientId, context.CancellationToken);
    }
}
