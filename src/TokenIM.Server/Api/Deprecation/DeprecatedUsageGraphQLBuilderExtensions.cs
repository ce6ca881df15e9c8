using GraphQL;
using GraphQL.DI;
using ServiceLifetime = GraphQL.DI.ServiceLifetime;

namespace TokenIM.Server.Api.Deprecation;

public static class DeprecatedUsageGraphQLBuilderExtensions
{
    /// <summary>Logs and counts every executed selection of a deprecated field or enum value.</summary>
    public static IGraphQLBuilder AddDeprecatedUsageReporting(this IGraphQLBuilder builder)
    {
        builder.Services.Register<DeprecatedUsageMetrics>(ServiceLifetime.Singleton);
        builder.Services.Register<DeprecatedUsageReporter>(ServiceLifetime.Singleton);
        return builder
            .AddValidationRule(new DeprecatedUsageRule(), useForCachedDocuments: true)
            .ConfigureExecution<DeprecatedUsageReporter>();
    }
}
