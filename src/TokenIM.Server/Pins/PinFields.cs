using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Conversations;
using TokenIM.Server.Messages;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

/// <summary>What pins add to the message and conversation types.</summary>
public static class PinFields
{
    public static void AddPinFields(this ObjectGraphType<MessageView> message)
    {
        message.Field<DateTimeGraphType>("pinnedAt").Description("When it was pinned in its conversation (UTC); null when it is not pinned.")
            .Resolve(context => context.Service<PinByMessageLoader>().LoadAsync(context.Source.Id).Then(pin => pin?.PinnedAt));
        message.Field<UserType>("pinnedBy").Description("Who pinned it; null when it is not pinned.")
            .Resolve(context => context.Service<PinByMessageLoader>().LoadAsync(context.Source.Id).Then(pin => pin?.PinnedBy));
    }

    public static void AddPinFields(this ObjectGraphType<Conversation> conversation)
    {
        conversation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MessageType>>>>("pinnedMessages")
            .Description($"Its pinned messages, the most recently pinned first (at most {PinRules.MaxPerConversation}).")
            .PricedAsItems(PinRules.MaxPerConversation)
            .Resolve(context => context.Service<PinnedMessagesByConversationLoader>().LoadAsync(context.Source.Id));
    }
}
