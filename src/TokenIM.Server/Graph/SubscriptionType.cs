using GraphQL.Types;
using TokenIM.Server.ConversationEvents;
using TokenIM.Server.Conversations;
using TokenIM.Server.Messages;
using TokenIM.Server.Notifications;
using TokenIM.Server.Presence;
using TokenIM.Server.Typing;

namespace TokenIM.Server.Graph;

/// <summary>The root subscription: live events over WebSocket, each feature adding its own.</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live events, over WebSocket (graphql-transport-ws, or the legacy graphql-ws protocol). Live delivery is " +
                      "the fast path; `conversationEvents(after:)` resumes after a reconnect with exactly what you missed.";
        this.AddConversationEventSubscriptions();
        this.AddMessageSubscriptions();
        this.AddReadSubscriptions();
        this.AddNotificationSubscriptions();
        this.AddPresenceSubscriptions();
        this.AddTypingSubscriptions();
    }
}
