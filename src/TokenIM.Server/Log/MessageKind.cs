using System.ComponentModel;

namespace TokenIM.Server.Log;

public enum MessageKind
{
    [Description("Written by a member.")]
    Text,

    [Description("Written by TokenIM about the conversation itself (e.g. a member joined); never counted as unread, never editable.")]
    System,
}
