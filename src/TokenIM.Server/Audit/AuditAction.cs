using System.ComponentModel;

namespace TokenIM.Server.Audit;

/// <summary>
/// The security events TokenIM records. Stored by name, so adding a value needs no migration; the
/// schema publishes it as the <c>AuditAction</c> enum.
/// </summary>
public enum AuditAction
{
    [Description("An account was created (`register`).")]
    Register,

    [Description("A sign-in attempt with a username and password (`login` or the OAuth password grant); `outcome` says whether it succeeded.")]
    SignIn,

    [Description("A refresh token that had already been spent was shown again. Its session was ended, since the token may have been stolen.")]
    RefreshTokenReused,

    [Description("A session was ended with `logout`.")]
    Logout,

    [Description("A password change; FAILURE when the current password given was wrong.")]
    PasswordChange,

    [Description("An account closure; FAILURE when the password given was wrong.")]
    AccountDeletion,

    [Description("A service client asked for an access token (OAuth client_credentials grant); FAILURE when its credentials were wrong.")]
    ServiceSignIn,
}
