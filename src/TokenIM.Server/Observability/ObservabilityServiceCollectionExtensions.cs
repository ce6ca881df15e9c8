using GraphQL.DI;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;
using TokenIM.Server.Events;

namespace TokenIM.Server.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    // A load balancer gives up on a slow answer anyway; a hung dependency must not hang the probe.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>TokenIM</c> meter and its GraphQL timing, the Prometheus export, and the health checks:
    /// the database always, Redis when <c>TokenIM:Redis</c> is set.
    /// </summary>
    public static IServiceCollection AddTokenIMObservability(this IServiceCollection services)
    {
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value);
        services.AddMetrics();
        services.AddSingleton<TokenIMMetrics>();
        services.AddSingleton<PrometheusExport>();
        services.AddSingleton<IConfigureExecution, GraphQLRequestTiming>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: CheckTimeout);
        // Asks the registered RedisOptions rather than the configuration: whether the node is one of several is
        // decided there alone.
        services.AddOptions<HealthCheckServiceOptions>().Configure<RedisOptions>((health, redis) =>
        {
            if (redis.Clustered)
                health.Registrations.Add(new HealthCheckRegistration("redis",
                    sp => ActivatorUtilities.GetServiceOrCreateInstance<RedisHealthCheck>(sp), failureStatus: null, tags: null, timeout: CheckTimeout));
        });
        return services;
    }

    /// <summary>
    /// <c>/healthz</c> and (unless disabled) <c>/metrics</c>. Both are anonymous and outside the rate
    /// limits: a load balancer or a scraper that gets 429 would take a healthy node out of service or
    /// lose a sample.
    /// </summary>
    public static WebApplication MapTokenIMObservability(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync })
            .DisableRateLimiting();

        var options = app.Services.GetRequiredService<ObservabilityOptions>().Metrics;
        if (!options.Enabled) return app;
        var export = app.Services.GetRequiredService<PrometheusExport>();
        var metrics = app.MapMetrics(settings => settings.Registry = export.Registry, MetricsPath).DisableRateLimiting();
        if (options.RequireHost.Length > 0) metrics.RequireHost(options.RequireHost);
        return app;
    }
}
