using System.ComponentModel;

namespace TokenIM.Server.ConversationEvents;

public enum ConversationEventKind
{
    [Description("A message was appended to one of your conversations (system messages about members and the group included). `message` is set.")]
    MessagePosted,

    [Description("A message was edited (`editedAt`) or recalled (`deletedAt`, empty body). `message` is set, as it is now.")]
    MessageUpdated,

    [Description("A member (you included, on another device) moved their read cursor: `user` has read everything up to `seq`.")]
    Read,

    [Description("A member (you included) added or removed a reaction to a message: `user` reacted with `emoji`, `added` says " +
                 "which. `message` is set, its `reactions` as they are now.")]
    Reaction,

    [Description("Everything committed after your `after` cursor (or, without one, nothing: the stream starts now) has been " +
                 "sent; what follows is live.")]
    CaughtUp,

    [Description("The `after` cursor cannot be honoured (malformed, another user's, or further back than the server keeps): " +
                 "reload by queries, then subscribe again without `after`. The stream ends after this event.")]
    ResyncRequired,
}
