using GraphQL.Types;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public sealed class RegisterInputType : InputObjectGraphType<RegisterInput>
{
    public RegisterInputType()
    {
        Name = "RegisterInput";
        Description = "A new account.";
        Field(i => i.Username).Description(
            $"{AccountRules.UsernameMinLength}–{AccountRules.UsernameMaxLength} characters of letters, digits, '_', '.' and '-'; unique ignoring case.");
        Field(i => i.Password).Description($"{AccountRules.PasswordMinLength}–{AccountRules.PasswordMaxLength} characters.");
        Field(i => i.DisplayName, nullable: true).Description(
            $"The name to show, 1–{AccountRules.DisplayNameMaxLength} characters; defaults to the username.");
    }
}

public sealed class LoginInputType : InputObjectGraphType<LoginInput>
{
    public LoginInputType()
    {
        Name = "LoginInput";
        Description = "Credentials to sign in with.";
        Field(i => i.Username).Description("The username, in any letter case.");
        Field(i => i.Password).Description("The password.");
    }
}

public sealed class RefreshTokenInputType : InputObjectGraphType<RefreshTokenInput>
{
    public RefreshTokenInputType()
    {
        Name = "RefreshTokenInput";
        Description = "A refresh token to exchange for a new session.";
        Field(i => i.RefreshToken).Description("The refresh token from the latest `AuthPayload`; it is spent by this call.");
    }
}

public sealed class LogoutInputType : InputObjectGraphType<LogoutInput>
{
    public LogoutInputType()
    {
        Name = "LogoutInput";
        Description = "The session to end, named by its refresh token.";
        Field(i => i.RefreshToken).Description("The session's latest refresh token (an older one of the same session works too).");
    }
}

public sealed class ChangePasswordInputType : InputObjectGraphType<ChangePasswordInput>
{
    public ChangePasswordInputType()
    {
        Name = "ChangePasswordInput";
        Description = "The current password, to prove it is you, and the new one.";
        Field(i => i.CurrentPassword).Description("The password in use now.");
        Field(i => i.NewPassword).Description($"The new password, {AccountRules.PasswordMinLength}–{AccountRules.PasswordMaxLength} characters.");
    }
}

public sealed class DeleteAccountInputType : InputObjectGraphType<DeleteAccountInput>
{
    public DeleteAccountInputType()
    {
        Name = "DeleteAccountInput";
        Description = "Confirms closing the signed-in account.";
        Field(i => i.Password).Description("The account's password.");
    }
}
