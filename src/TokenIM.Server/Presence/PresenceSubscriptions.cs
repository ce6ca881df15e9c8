using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;
using TokenIM.Server.Users;

namespace TokenIM.Server.Presence;

public static class PresenceSubscriptions
{
    /// <summary>Users one subscription may watch: a contact list, not the whole directory.</summary>
    public const int MaxUserIds = 500;

    public static void AddPresenceSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<PresenceEventType>>("presenceChanged")
            .Description("The users' comings and goings, for a contact list. Subscribe first, then read `online` for the starting state.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("userIds",
                $"The users to watch (global ids), at most {MaxUserIds}.")
            .ResolveStreamAsync(context =>
            {
                var userId = context.RequireUserId();
                var ids = context.GetArgument<List<string>>("userIds");
                if (ids.Count > MaxUserIds) throw ApiError.BadInput("userIds", $"At most {MaxUserIds} users can be watched at once.");
                var watched = ids.Select(id => GlobalId.Parse(id, UserType.TypeName, "userIds")).Distinct().ToList();
                return context.Service<LiveFeed>().ForTopicsAsync<PresenceChanged>(
                    userId, watched.Select(EventTopic.Presence), _ => true, e => e, context.CancellationToken);
            });
    }
}
