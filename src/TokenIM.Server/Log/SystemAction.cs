using System.ComponentModel;

namespace TokenIM.Server.Log;

/// <summary>What a system message records; clients may render and localize it from this and its actor and target.</summary>
public enum SystemAction
{
    [Description("The actor created the group.")]
    GroupCreated,

    [Description("The actor added the target to the group.")]
    MemberAdded,

    [Description("The actor removed the target from the group.")]
    MemberRemoved,

    [Description("The actor left the group.")]
    MemberLeft,

    [Description("The actor changed the target's role to `role`.")]
    RoleChanged,

    [Description("The actor handed ownership to the target; the actor became an admin.")]
    OwnershipTransferred,

    [Description("The actor renamed the group to `name`.")]
    GroupRenamed,

    [Description("The actor changed the group's description or picture.")]
    GroupUpdated,

    [Description("The actor pinned `message`.")]
    MessagePinned,

    [Description("The actor unpinned `message`.")]
    MessageUnpinned,
}
