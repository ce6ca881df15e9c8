using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

/// <summary>What groups add to the conversation type.</summary>
public sealed class ConversationGroupFields : IObjectFields<Conversation>
{
    public void AddTo(ObjectGraphType<Conversation> conversation)
    {
        conversation.Field<GroupType>("group").Description("The group this conversation belongs to; null for a direct conversation.")
            .Resolve(context => context.Source.Kind == ConversationKind.Group
                ? context.Service<GroupByConversationLoader>().LoadAsync(context.Source.Id)
                : null);
    }
}
