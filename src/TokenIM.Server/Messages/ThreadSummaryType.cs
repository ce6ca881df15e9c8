using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

public sealed class ThreadSummaryType : ObjectGraphType<ThreadSummary>
{
    public ThreadSummaryType()
    {
        Name = "ThreadSummary";
        Description = "The replies in a message's thread, summed up. Page them with `messages(conversationId:, threadRootId:)`.";
        Field(t => t.ReplyCount).Description("How many replies the thread has (recalled ones included: each keeps its seq).");
        Field(t => t.LastReplyAt).Description("When the latest reply was sent (UTC).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("participants")
            .Description($"The first {ThreadSummary.MaxParticipants} users who replied, in the order of their first reply.")
            .PricedAsItems(ThreadSummary.MaxParticipants)
            .Resolve(context => context.Service<UserByIdLoader>().LoadExistingAsync(context.Source.ParticipantIds))
            .SameForEveryViewer();
    }
}
