using GraphQL.Types;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public sealed class AuthPayloadType : ObjectGraphType<AuthSession>
{
    public AuthPayloadType()
    {
        Name = "AuthPayload";
        Description = "A signed-in session.";
        Field(s => s.AccessToken).Description("Send as `Authorization: Bearer <token>` (HTTP) or in the WebSocket `connection_init` payload. Short-lived.");
        Field(s => s.RefreshToken).Description("Single use: pass it to `refreshToken` before `expiresAt` to get a new pair. Keep it secret.");
        Field(s => s.ExpiresAt).Description("When the access token expires (UTC).");
        Field<NonNullGraphType<UserType>>("user").Description("The signed-in user.").Resolve(context => context.Source.User);
    }
}
