using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public sealed record LogoutPayload(bool Revoked);

public sealed record ChangePasswordPayload(AuthSession Session);

public sealed record DeleteAccountPayload(long DeletedUserId);

public sealed class LogoutPayloadType : ObjectGraphType<LogoutPayload>
{
    public LogoutPayloadType()
    {
        Name = "LogoutPayload";
        Description = "The result of `logout`.";
        Field(p => p.Revoked).Description(
            "True when a live session ended; false when the token was unknown or its session had already ended. Either way it no longer works.");
    }
}

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
