using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Users;

namespace TokenIM.Server.Presence;

public sealed class UserPresenceFields : IObjectFields<User>
{
    public void AddTo(ObjectGraphType<User> user)
    {
        user.Field<NonNullGraphType<BooleanGraphType>>("online")
            .Description("True while the user has at least one signed-in WebSocket open on any node.")
            .Resolve(context => context.Service<PresenceLoader>().LoadAsync(context.Source.Id).Then(p => p.Online));
        user.Field<DateTimeGraphType>("lastSeenAt")
            .Description("When the user last came online or went offline (UTC): while `online`, when they connected; otherwise " +
                         "when their last connection closed. Null if they never connected.")
            .Resolve(context => context.Service<PresenceLoader>().LoadAsync(context.Source.Id).Then(p => p.LastSeenAt));
    }
}
