using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public static class MessageQueries
{
    public static void AddMessageQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<MessageType, MessageView>>>("messages")
            .Description("A page of a conversation's history, always in ascending seq order. Page forward with `afterSeq` + " +
                         "`first` (catch-up: everything after the last seq you saw), backward with `beforeSeq` + `last` " +
                         $"(infinite scroll). With neither `first` nor `afterSeq`, returns the newest {Paging.DefaultPageSize}. Requires membership.")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId", "The conversation's global id.")
            .Argument<IntGraphType>("afterSeq", "Only messages with a seq greater than this.")
            .Argument<IntGraphType>("first", $"Page forward: the first this many messages (0–{Paging.MaxPageSize}).")
            .Argument<IntGraphType>("beforeSeq", "Only messages with a seq less than this.")
            .Argument<IntGraphType>("last", $"Page backward: the last this many messages (0–{Paging.MaxPageSize}).")
            .Argument<IdGraphType>("threadRootId",
                "Only the replies in this message's thread (its root, a message of this conversation), with the same seqs and cursor rules.")
            .Argument<BooleanGraphType>("includeThreadReplies", "False: the main timeline only, without thread replies. Not with `threadRootId`.",
                argument => argument.DefaultValue = true)
            .Argument<BooleanGraphType>("hideBlocked", "True to leave out the messages of users you have blocked (in groups you share).", a => a.DefaultValue = false)
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var conversationId = GlobalId.Parse(context.GetArgument<string>("conversationId"), TypeNames.Conversation, "conversationId");
                var threadRootId = context.GetArgument<string?>("threadRootId") is { } root
                    ? GlobalId.Parse(root, TypeNames.Message, "threadRootId")
                    : (long?)null;
                var window = new HistoryWindow(
                    context.GetArgument<int?>("afterSeq"), context.GetArgument<int?>("first"),
                    context.GetArgument<int?>("beforeSeq"), context.GetArgument<int?>("last"),
                    threadRootId, context.GetArgument("includeThreadReplies", true), context.GetArgument<bool?>("hideBlocked") ?? false);
                return await context.Service<MessageHistory>().PageAsync(userId, conversationId, window, context.CancellationToken);
            });
    }
}
