using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Users;

public static class ProfileMutations
{
    public static void AddProfileMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateProfilePayloadType>>("updateProfile")
            .Description("Changes the signed-in user's display name and/or picture.")
            .Argument<NonNullGraphType<UpdateProfileInputType>>("input", "The fields to change.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<Dictionary<string, object?>>("input");
                var displayName = input.TryGetValue("displayName", out var name)
                    ? AccountRules.DisplayName(name as string)
                    : null;
                var avatarGiven = input.TryGetValue("avatarUrl", out var avatar);
                var changes = new ProfileChanges(displayName, avatarGiven, AccountRules.AvatarUrl(avatar as string));
                var user = await context.Service<UserService>().UpdateProfileAsync(userId, changes, context.CancellationToken);
                return new UpdateProfilePayload(user);
            });
    }
}
