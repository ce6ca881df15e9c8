using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Presence;

public sealed class PresenceEventType : ObjectGraphType<PresenceChanged>
{
    public PresenceEventType()
    {
        Name = "PresenceEvent";
        Description = "A user came online (their first socket on any node opened) or went offline (their last one closed, or its node died).";
        Field<NonNullGraphType<UserType>>("user").Description("The user.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.UserId));
        Field(e => e.Online).Description("True when they came online, false when they went offline.");
        Field(e => e.LastSeenAt, nullable: true).Description("When it happened (UTC), as `User.lastSeenAt` now shows.");
    }
}
