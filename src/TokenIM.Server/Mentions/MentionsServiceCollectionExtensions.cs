using TokenIM.Server.Api;
using TokenIM.Server.Log;
using TokenIM.Server.Users;

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
        services.AddObjectFields<User, UserMentionFields>();
        services.AddObjectFields<MessageView, MessageMentionFields>();
        return services;
    }
}
