using TokenIM.Server.Api;
using TokenIM.Server.Log;
namespace TokenIM.Server.Pins;

public static class PinsServiceCollectionExtensions
{
    public static IServiceCollection AddPins(this IServiceCollection services)
    {
        services.AddSingleton<PinService>();
        // Loaders live for one request: their batches must not mix callers.
        services.AddScoped<PinByMessageLoader>();
        services.AddScoped<PinnedMessagesByConversationLoader>();
        services.AddObjectFields<MessageView, MessagePinFields>();
        services.AddObjectFields<Conversation, ConversationPinFields>();
        return services;
    }
}
