using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Reactions;

public sealed class MessageReactionFields : IObjectFields<MessageView>
{
    /// <summary>Adds <c>Message.reactions</c>: per viewer (<c>reactedByMe</c>), so never shared between subscribers.</summary>
    public void AddTo(ObjectGraphType<MessageView> message)
    {
        message.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReactionGroupType>>>>("reactions")
            .Description("Members' reactions, one group per emoji in the order each emoji was first used; empty when there are none " +
                         "and once the message is deleted. One query for a whole page of messages.")
            // Up to 20 groups, but most messages show a few, and the whole list costs one query per page however long.
            .PricedAsItems(ReactionRules.TypicalGroups)
            .Resolve(context => context.Service<ReactionsByMessageLoader>().LoadAsync((context.Source.Id, context.RequireUserId())));
    }
}
