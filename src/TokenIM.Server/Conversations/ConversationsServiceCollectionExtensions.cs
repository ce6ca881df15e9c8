using Microsoft.Extensions.Options;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;
using TokenIM.Server.Groups;
using TokenIM.Server.Messages;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>Conversations, messages and groups: the messaging core.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<GroupOptions>().BindConfiguration(GroupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GroupOptions>>().Value);
        services.AddSingleton<ConversationService>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<MessageReferences>();
        services.AddSingleton<MessageHistory>();
        services.AddSingleton<GroupService>();
        // node(id:) shows members only what they may see, like conversation(id), group(id) and messages.
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(ConversationType.TypeName, async (context, key) =>
            await sp.GetRequiredService<ConversationService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(MessageType.TypeName, async (context, key) =>
            await sp.GetRequiredService<MessageService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(GroupType.TypeName, async (context, key) =>
            await sp.GetRequiredService<GroupService>().FindForMemberAsync(key, context.RequireUserId(), context.CancellationToken)));

        // Batch loaders live for one request: their batches must not mix callers.
        services.AddScoped<ConversationByIdLoader>();
        services.AddScoped<MembersByConversationLoader>();
        services.AddScoped<LastMessageByConversationLoader>();
        services.AddScoped<MembershipLoader>();
        services.AddScoped<UnreadCountLoader>();
        services.AddScoped<GroupByConversationLoader>();
        services.AddScoped<OwnerByConversationLoader>();
        services.AddScoped<MemberCountByConversationLoader>();
        services.AddScoped<ReplyPreviewLoader>();
        services.AddScoped<ThreadSummaryLoader>();
        services.AddScoped<ReadCursorsByConversationLoader>();
        services.AddScoped<MessageByIdLoader>();
        return services;
    }
}
