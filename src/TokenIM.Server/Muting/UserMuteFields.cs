using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Muting;

public sealed class UserMuteFields : IObjectFields<User>
{
    public void AddTo(ObjectGraphType<User> user)
    {
        user.Field("mutedConversations", new ListGraphType(TypeNames.NonNull(TypeNames.Conversation)))
            .Description("The conversations you have muted now, most recent activity first. Yours only: null on any other user.")
            .ResolveAsync(async context => context.UserId() == context.Source.Id
                ? await context.Service<MuteService>().MutedAsync(context.Source.Id, context.CancellationToken)
                : null);
    }
}
