using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

public static class MentionsServiceCollectionExtensions
{
    /// <summary>@username and @all: resolved before a post is queued, written beside it in the batch, read back per page.</summary>
    public static IServiceCollection AddMentions(this IServiceCollection services)
    {
        services.AddSingleton<MentionService>();
        services.AddSingleton<IPostGuard, MentionGuard>();
        services.AddSingleton<IPostFollower, MentionRows>();
        services.AddScoped<MentionsByMessageLoader>();
        return services;
    }
}
