using TokenIM.Server.Api;
using TokenIM.Server.Log;
namespace TokenIM.Server.Reactions;

public static class ReactionsServiceCollectionExtensions
{
    public static IServiceCollection AddReactions(this IServiceCollection services)
    {
        services.AddSingleton<ReactionService>();
        // A loader lives for one request: its batches must not mix callers.
        services.AddScoped<ReactionsByMessageLoader>();
        services.AddObjectFields<MessageView, MessageReactionFields>();
        return services;
    }
}
