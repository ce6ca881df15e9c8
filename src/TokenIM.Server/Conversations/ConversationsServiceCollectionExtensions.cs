using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>Conversations: finding one, the conversation list, read cursors.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<ConversationService>();
        // node(id:) shows members only what they may see, like conversation(id), group(id) and messages.
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(ConversationType.TypeName, async (context, key) =>
            await sp.GetRequiredService<ConversationService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));

        // Batch loaders live for one request: their batches must not mix callers.
        services.AddScoped<MembersByConversationLoader>();
        services.AddScoped<LastMessageByConversationLoader>();
        services.AddScoped<UnreadCountLoader>();
        return services;
    }
}
