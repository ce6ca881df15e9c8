using Microsoft.Extensions.Options;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

public static class AttachmentsServiceCollectionExtensions
{
    /// <summary>
    /// Files on messages: uploads (<c>createUpload</c> with its PUT, <c>uploadFile</c>), checked and claimed before a post is
    /// queued, attached in its batch, read per page, and swept once nobody can reach them. Storage is the files module's.
    /// Register after the other post guards: a post they refuse never claims its files.
    /// </summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value);
        services.AddSingleton<UploadTokens>();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<IPostGuard, AttachmentGuard>();
        services.AddSingleton<IPostFollower, AttachmentRows>();
        services.AddSingleton<AttachmentSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AttachmentSweeper>());
        // node(id:) shows an attachment only to those who may read it: its uploader before it is sent, then the members.
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(AttachmentType.TypeName, async (context, key) =>
            await sp.GetRequiredService<AttachmentService>().FindForReaderAsync(key, context.RequireUserId(), context.CancellationToken)));
        // A loader lives for one request: its batches must not mix callers.
        services.AddScoped<AttachmentsByMessageLoader>();
        services.AddObjectFields<MessageView, MessageAttachmentFields>();
        return services;
    }
}
