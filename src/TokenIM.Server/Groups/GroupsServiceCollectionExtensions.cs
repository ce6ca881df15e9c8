using Microsoft.Extensions.Options;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public static class GroupsServiceCollectionExtensions
{
    /// <summary>Groups: creating and managing them through the log, roles, members, and <c>Conversation.group</c>.</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services)
    {
        services.AddOptions<GroupOptions>().BindConfiguration(GroupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GroupOptions>>().Value);
        services.AddSingleton<GroupService>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(GroupType.TypeName, async (context, key) =>
            await sp.GetRequiredService<GroupService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));
        services.AddObjectFields<Conversation, ConversationGroupFields>();

        // Batch loaders live for one request: their batches must not mix callers.
        services.AddScoped<GroupByConversationLoader>();
        services.AddScoped<OwnerByConversationLoader>();
        services.AddScoped<MemberCountByConversationLoader>();
        return services;
    }
}
