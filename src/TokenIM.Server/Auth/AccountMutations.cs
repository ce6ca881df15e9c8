using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Auth;

public static class AccountMutations
{
    public static void AddAccountMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AuthPayloadType>>("register")
            .Description("Creates an account and signs it in. A taken username is CONFLICT.")
            .Argument<NonNullGraphType<RegisterInputType>>("input", "The new account.")
            .ResolveAsync(async context => await context.Service<AccountService>()
                .RegisterAsync(context.GetArgument<RegisterInput>("input"), context.CancellationToken));

        mutation.Field<NonNullGraphType<AuthPayloadType>>("login")
            .Description("Signs in. A wrong password and an unknown username get the same UNAUTHENTICATED error.")
            .Argument<NonNullGraphType<LoginInputType>>("input", "The credentials.")
            .ResolveAsync(async context => await context.Service<AccountService>()
                .LoginAsync(context.GetArgument<LoginInput>("input"), context.CancellationToken));

        mutation.Field<NonNullGraphType<AuthPayloadType>>("refreshToken")
            .Description("Exchanges a refresh token for a new access token and a new refresh token. Each refresh token works once; " +
                         "a used, revoked or expired one is UNAUTHENTICATED, and a used one shown again also ends its whole session " +
                         "(it may have been stolen).")
            .Argument<NonNullGraphType<RefreshTokenInputType>>("input", "The refresh token to spend.")
            .ResolveAsync(async context => await context.Service<AccountService>()
                .RefreshAsync(context.GetArgument<RefreshTokenInput>("input"), context.CancellationToken));

        mutation.Field<NonNullGraphType<LogoutPayloadType>>("logout")
            .Description("Signs out one session: its refresh token and its access tokens stop working. The refresh token is the proof, " +
                         "so no access token is needed.")
            .Argument<NonNullGraphType<LogoutInputType>>("input", "The session to end.")
            .ResolveAsync(async context => new LogoutPayload(await context.Service<AccountService>()
                .LogoutAsync(context.GetArgument<LogoutInput>("input"), context.CancellationToken)));

        mutation.Field<NonNullGraphType<ChangePasswordPayloadType>>("changePassword")
            .Description("Changes the signed-in user's password and signs out every other session.")
            .Argument<NonNullGraphType<ChangePasswordInputType>>("input", "The current and the new password.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var session = await context.Service<AccountService>()
                    .ChangePasswordAsync(userId, context.GetArgument<ChangePasswordInput>("input"), context.CancellationToken);
                return new ChangePasswordPayload(session);
            });

        mutation.Field<NonNullGraphType<DeleteAccountPayloadType>>("deleteAccount")
            .Description("Closes the signed-in account: its username is freed, its sessions end, its past messages stay.")
            .Argument<NonNullGraphType<DeleteAccountInputType>>("input", "Password confirmation.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                await context.Service<AccountService>()
                    .DeleteAccountAsync(userId, context.GetArgument<DeleteAccountInput>("input"), context.CancellationToken);
                return new DeleteAccountPayload(userId);
            });
    }
}
