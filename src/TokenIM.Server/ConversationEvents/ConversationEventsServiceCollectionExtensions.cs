using Microsoft.Extensions.Options;

namespace TokenIM.Server.ConversationEvents;

public static class ConversationEventsServiceCollectionExtensions
{
    /// <summary>The resumable <c>conversationEvents</c> stream: its settings, the change-log reader and the pruner.</summary>
    public static IServiceCollection AddConversationEvents(this IServiceCollection services)
    {
        services.AddOptions<ConversationEventsOptions>().BindConfiguration(ConversationEventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ConversationEventsOptions>>().Value);
        services.AddSingleton<ChangeReplay>();
        services.AddHostedService<ChangeLogPruner>();
        return services;
    }
}
