using TokenIM.Server.Errors;

namespace TokenIM.Server.Log;

/// <summary>Who may not post in which of a batch's conversations, and why (see <see cref="IPostCondition"/>).</summary>
public sealed class PostRefusals
{
    // An error is made per refused post: GraphQL.NET sets the path of the field on the error it is given.
    private readonly Dictionary<(long ConversationId, long UserId), Func<ApiError>> _refused = [];

    /// <summary>Refuses <paramref name="userId"/>'s posts to <paramref name="conversationId"/>; the first refusal of a pair is the one given.</summary>
    public void Refuse(long conversationId, long userId, Func<ApiError> error) => _refused.TryAdd((conversationId, userId), error);

    /// <summary>The error for a post of <paramref name="userId"/>'s to <paramref name="conversationId"/>, or null when it may be posted.</summary>
    public ApiError? Of(long conversationId, long userId) => _refused.TryGetValue((conversationId, userId), out var error) ? error() : null;
}
