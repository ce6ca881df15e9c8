using GraphQL.Types;
using TokenIM.Server.Conversations;
using TokenIM.Server.Messages;

namespace TokenIM.Server.Api;

/// <summary>The root subscription: live events over WebSocket, each feature adding its own.</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live events, over WebSocket (graphql-transport-ws, or the legacy graphql-ws protocol). Live delivery is " +
                      "the fast path: after a reconnect, fetch `messages(afterSeq:)` for what you missed.";
        this.AddMessageSubscriptions();
        this.AddReadSubscriptions();
    }
}
