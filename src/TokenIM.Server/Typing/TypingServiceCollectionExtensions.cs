namespace TokenIM.Server.Typing;

public static class TypingServiceCollectionExtensions
{
    public static IServiceCollection AddTyping(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton((configuration.GetSection("TokenIM:Typing").Get<TypingOptions>() ?? new TypingOptions()).Validated());
        services.AddSingleton<TypingTracker>();
        return services;
    }
}
