using System.ComponentModel;

namespace TokenIM.Server.Log;

public enum ConversationKind
{
    [Description("A one-to-one conversation; there is at most one per pair of users.")]
    Direct,

    [Description("The conversation of a group.")]
    Group,
}
