using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Messages;

public static class MessagesServiceCollectionExtensions
{
    /// <summary>Messages: sending, editing and recalling through the log, history, replies and threads, read receipts.</summary>
    public static IServiceCollection AddMessages(this IServiceCollection services)
    {
        services.AddSingleton<MessageService>();
        services.AddSingleton<MessageReferences>();
        services.AddSingleton<MessageHistory>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(MessageType.TypeName, async (context, key) =>
            await sp.GetRequiredService<MessageService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));

        // Batch loaders live for one request: their batches must not mix callers.
        services.AddScoped<ReplyPreviewLoader>();
        services.AddScoped<ThreadSummaryLoader>();
        services.AddScoped<ReadCursorsByConversationLoader>();
        services.AddScoped<MessageByIdLoader>();
        return services;
    }
}
