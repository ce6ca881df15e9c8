using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Muting;

public sealed class ConversationMuteFields : IObjectFields<Conversation>
{
    // Both read the caller's membership row, which lastReadSeq reads too: no query of their own.
    public void AddTo(ObjectGraphType<Conversation> conversation)
    {
        conversation.Field<NonNullGraphType<BooleanGraphType>>("muted")
            .Description("True while you have this conversation muted (`muteConversation`).")
            .Resolve(context => Membership(context).Then(m => MuteRules.IsMuted(m?.MutedUntil, Now(context))));
        conversation.Field<DateTimeGraphType>("mutedUntil")
            .Description("When your mute ends (UTC); null when it is not muted, or muted until you unmute it (see `muted`).")
            .Resolve(context => Membership(context).Then(m =>
                MuteRules.IsMuted(m?.MutedUntil, Now(context)) && m!.MutedUntil != MuteRules.Forever ? m.MutedUntil : null));
    }

    private static IDataLoaderResult<ConversationMember?> Membership(IResolveFieldContext<Conversation> context) =>
        context.Service<MembershipLoader>().LoadAsync((context.Source.Id, context.RequireUserId()));

    private static DateTime Now(IResolveFieldContext context) => context.Service<TimeProvider>().GetUtcNow().UtcDateTime;
}
