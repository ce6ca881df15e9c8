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

    [Description("A group member's role was changed (`setGroupMemberRole`); `target` is the member, `details` the group and new role.")]
    GroupRoleChanged,

    [Description("A member was removed from a group (`removeGroupMember`); `target` is the member, `details` the group.")]
    GroupMemberRemoved,

    [Description("A group's ownership was handed over (`transferGroupOwnership`); `target` is the new owner, `details` the group.")]
    GroupOwnershipTransferred,

    [Description("A group was dissolved with its history (`deleteGroup`); `details` names the group.")]
    GroupDeleted,

    [Description("An administrator or a service client sent a notification (`sendNotification`); FAILURE when the caller was not allowed to.")]
    NotificationSend,
}
