using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Push;

public static class PushServiceCollectionExtensions
{
    /// <summary>Device tokens, the push outbox and, when a webhook URL is configured, the worker that sends it.</summary>
    public static IServiceCollection AddPush(this IServiceCollection services, IConfiguration configuration)
    {
        var options = (configuration.GetSection("TokenIM:Push").Get<PushOptions>() ?? new PushOptions()).Validated();
        services.AddSingleton(options);
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<IPostFollower>(sp => sp.GetRequiredService<PushOutbox>());
        services.AddSingleton<DeviceService>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(DeviceType.TypeName, async (context, key) =>
            await sp.GetRequiredService<DeviceService>().FindForOwnerAsync(key, context.RequireUserId(), context.CancellationToken)));
        if (!options.Enabled) return services;

        services.AddHttpClient(PushDeliveryWorker.HttpClientName, http => http.Timeout = options.RequestTimeout)
            // A redirect could turn the POST into a GET or carry the signed body elsewhere: a 3xx is a failed attempt.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddHostedService<PushDeliveryWorker>();
        return services;
    }
}
