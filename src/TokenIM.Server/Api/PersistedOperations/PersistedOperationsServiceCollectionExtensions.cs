using GraphQL;
using Microsoft.Extensions.Options;
using TokenIM.Server.Events;

namespace TokenIM.Server.Api.PersistedOperations;

public static class PersistedOperationsServiceCollectionExtensions
{
    /// <summary>Automatic persisted queries (shared through Redis when it is configured) and trusted documents.</summary>
    public static IServiceCollection AddPersistedOperations(this IServiceCollection services)
    {
        services.AddOptions<PersistedOperationsOptions>()
            .BindConfiguration("TokenIM:PersistedOperations")
            .Validate(o => o.CacheSize >= 1, "TokenIM__PersistedOperations__CacheSize must be at least 1.")
            .Validate(o => o.RedisTimeToLive > TimeSpan.Zero, "TokenIM__PersistedOperations__RedisTimeToLive must be positive.")
            .Validate(o => o.MaxQueryLength >= 1, "TokenIM__PersistedOperations__MaxQueryLength must be at least 1.")
            .Validate(o => o.Mode != PersistedOperationsMode.TrustedOnly || o.Manifests.Count > 0,
                "TokenIM__PersistedOperations__Mode=TrustedOnly needs at least one manifest in TokenIM__PersistedOperations__Manifests__0.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PersistedOperationsOptions>>().Value);
        services.AddSingleton(sp => TrustedDocuments.Load(
            sp.GetRequiredService<PersistedOperationsOptions>().Manifests, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton<MemoryPersistedQueryStore>();
        services.AddSingleton<IPersistedQueryStore>(sp => sp.GetRequiredService<RedisOptions>().Clustered
            ? ActivatorUtilities.CreateInstance<RedisPersistedQueryStore>(sp)
            : sp.GetRequiredService<MemoryPersistedQueryStore>());
        services.AddSingleton<PersistedOperationResolver>();
        // Manifests are read at start-up, so a wrong path or file stops the node rather than the first request.
        services.AddHostedService<TrustedDocumentsLoader>();
        services.AddGraphQL(graphQL => graphQL.ConfigureExecution<PersistedOperationResolver>());
        return services;
    }

    private sealed class TrustedDocumentsLoader(TrustedDocuments documents, ILogger<TrustedDocuments> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (documents.Count > 0) logger.LogInformation("Loaded {Count} trusted documents", documents.Count);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
