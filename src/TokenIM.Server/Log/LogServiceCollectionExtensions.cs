using Microsoft.Extensions.Options;
using TokenIM.Server.Events;

namespace TokenIM.Server.Log;

public static class LogServiceCollectionExtensions
{
    /// <summary>The conversation log: the one writer of conversation state.</summary>
    public static IServiceCollection AddConversationLog(this IServiceCollection services)
    {
        services.AddOptions<LogOptions>().BindConfiguration(LogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LogOptions>>().Value);
        services.AddSingleton<PostBatch>();
        services.AddSingleton<LogBatch>();
        services.AddSingleton<LogCommitter>();
        services.AddSingleton<LogPublisher>();
        services.AddSingleton<MessageBackfill>();
        services.AddSingleton<DirectConversations>();
        // The conversation state several features show, read by id (request-scoped: their batches must not mix callers).
        services.AddScoped<ConversationByIdLoader>();
        services.AddScoped<MembershipLoader>();
        services.AddChatEvent<MessagePosted>("messagePosted");
        services.AddChatEvent<MessageChanged>("messageChanged");
        services.AddChatEvent<ReadCursorMoved>("readCursorMoved");
        services.AddChatEvent<ReactionChanged>("reactionChanged");
        services.AddSingleton(sp => new ConversationLog(
            sp.GetRequiredService<LogCommitter>(), sp.GetServices<IPostGuard>(), sp.GetServices<IPostFollower>(), sp.GetRequiredService<Observability.TokenIMMetrics>()));
        return services;
    }
}
