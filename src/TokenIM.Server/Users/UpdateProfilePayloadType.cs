using GraphQL.Types;

namespace TokenIM.Server.Users;

public sealed record UpdateProfilePayload(User User);

public sealed class UpdateProfilePayloadType : ObjectGraphType<UpdateProfilePayload>
{
    public UpdateProfilePayloadType()
    {
        Name = "UpdateProfilePayload";
        Description = "The result of `updateProfile`.";
        Field<NonNullGraphType<UserType>>("user").Description("The user with the profile as saved.").Resolve(context => context.Source.User);
    }
}
