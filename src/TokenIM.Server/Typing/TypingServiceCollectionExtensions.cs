using TokenIM.Server.Events;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Typing;

public static class TypingServiceCollectionExtensions
{
    public static IServiceCollection AddTyping(this IServiceCollection services)
    {
        services.AddOptions<TypingOptions>()
            .BindConfiguration(TypingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Timeout > TimeSpan.Zero, "TokenIM__Typing__Timeout must be a positive time span, e.g. 00:00:05.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TypingOptions>>().Value);
        services.AddSingleton<TypingTracker>();
        services.AddChatEvent<TypingChanged>("typingChanged");
        return services;
    }
}
