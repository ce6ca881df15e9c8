using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

/// <summary>What pins add to the conversation type.</summary>
public sealed class ConversationPinFields : IObjectFields<Conversation>
{
    public void AddTo(ObjectGraphType<Conversation> conversation)
    {
        conversation.Field("pinnedMessages", new NonNullGraphType(new ListGraphType(TypeNames.NonNull(TypeNames.Message))))
            .Description($"Its pinned messages, the most recently pinned first (at most {PinRules.MaxPerConversation}).")
            .PricedAsItems(PinRules.MaxPerConversation)
            .Resolve(context => context.Service<PinnedMessagesByConversationLoader>().LoadAsync(context.Source.Id));
    }
}
