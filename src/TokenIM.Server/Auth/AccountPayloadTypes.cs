using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public sealed record ChangePasswordPayload(AuthSession Session);

public sealed record DeleteAccountPayload(long DeletedUserId);

public sealed class ChangePasswordPayloadType : ObjectGraphType<ChangePasswordPayload>
{
    public ChangePasswordPayloadType()
    {
        Name = "ChangePasswordPayload";
        Description = "The result of `changePassword`.";
        Field<NonNullGraphType<AuthPayloadType>>("session")
            .Description("A fresh session for this device. Every other refresh token of the account was revoked.")
            .Resolve(context => context.Source.Session);
    }
}

public sealed class DeleteAccountPayloadType : ObjectGraphType<DeleteAccountPayload>
{
    public DeleteAccountPayloadType()
    {
        Name = "DeleteAccountPayload";
        Description = "The result of `deleteAccount`.";
        Field<NonNullGraphType<IdGraphType>>("deletedUserId")
            .Description("The global id of the closed account; its past messages stay, shown as a deleted user.")
            .Resolve(context => GlobalId.Encode(UserType.TypeName, context.Source.DeletedUserId));
    }
}
