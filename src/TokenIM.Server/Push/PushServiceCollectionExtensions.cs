using Microsoft.Extensions.Options;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Push;

public static class PushServiceCollectionExtensions
{
    /// <summary>
    /// Device tokens, the push outbox and the worker that sends it. Without a webhook URL the outbox writes
    /// nothing and the worker stops as soon as it starts.
    /// </summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PushOptions>>().Value);
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<IPostFollower>(sp => sp.GetRequiredService<PushOutbox>());
        services.AddSingleton<DeviceService>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(DeviceType.TypeName, async (context, key) =>
            await sp.GetRequiredService<DeviceService>().FindForOwnerAsync(key, context.RequireUserId(), context.CancellationToken)));

        services.AddHttpClient(PushDeliveryWorker.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<PushOptions>().RequestTimeout)
            // A redirect could turn the POST into a GET or carry the signed body elsewhere: a 3xx is a failed attempt.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddHostedService<PushDeliveryWorker>();
        return services;
    }
}
