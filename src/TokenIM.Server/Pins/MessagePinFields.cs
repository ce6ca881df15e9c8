using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

/// <summary>What pins add to the message type.</summary>
public sealed class MessagePinFields : IObjectFields<MessageView>
{
    public void AddTo(ObjectGraphType<MessageView> message)
    {
        message.Field<DateTimeGraphType>("pinnedAt").Description("When it was pinned in its conversation (UTC); null when it is not pinned.")
            .Resolve(context => context.Service<PinByMessageLoader>().LoadAsync(context.Source.Id).Then(pin => pin?.PinnedAt));
        message.Field<UserType>("pinnedBy").Description("Who pinned it; null when it is not pinned.")
            .Resolve(context => context.Service<PinByMessageLoader>().LoadAsync(context.Source.Id).Then(pin => pin?.PinnedBy));
    }
}
