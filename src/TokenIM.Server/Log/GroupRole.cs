using System.ComponentModel;

namespace TokenIM.Server.Log;

public enum GroupRole
{
    [Description("Created the group or had it transferred to them; may do everything, including deleting the group.")]
    Owner,

    [Description("Manages members and the group's details, appointed by the owner.")]
    Admin,

    [Description("Takes part in the conversation.")]
    Member,
}
