using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.GraphQL.AspNetCore.Uploads;
using TokenIM.Server.Api.Deprecation;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Where the limits of GraphQL multipart requests (file uploads) are configured.</summary>
    public const string UploadsSection = "TokenIM:Uploads";

    /// <summary>The GraphQL schema, its execution pipeline and its HTTP transport.</summary>
    /// <typeparam name="TSchema">The schema the features compose (its graph types are found in its assembly).</typeparam>
    public static IServiceCollection AddTokenIMApi<TSchema>(this IServiceCollection services) where TSchema : Schema
    {
        services.AddOptions<OperationLimits>().BindConfiguration(OperationLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperationLimits>>().Value);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value);
        services.AddSingleton<UnhandledErrorLogger>();
        // Generic connection types are closed per node type at schema build time.
        services.AddTransient(typeof(ConnectionType<,>));
        services.AddTransient(typeof(EdgeType<,>));

        services.AddGraphQL(graphQL =>
        {
            graphQL
                .AddSchema<TSchema>()
                // One run of a subscription's selection per event for all subscribers of the same operation.
                .AddExecutionStrategy<SharedEventExecutionStrategy>(GraphQLParser.AST.OperationType.Subscription)
                .AddGraphTypes(typeof(TSchema).Assembly)
                // Error messages quote names ('id'); plain quotes read better than \u0027 and JSON responses are never HTML.
                .AddPipeSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
                .AddErrorInfoProvider<CatalogueErrorInfoProvider>()
                // The options, not the execution context: a fault before execution (in parsing, say) has none.
                .AddUnhandledExceptionHandler((context, options) =>
                    options.RequestServices!.GetRequiredService<UnhandledErrorLogger>().LogAsync(context))
                .AddComplexityAnalyzer((complexity, provider) =>
                {
                    // Depth is the operation limits rule's job: it must leave introspection to its own measure.
                    complexity.MaxDepth = null;
                    complexity.MaxComplexity = provider.GetRequiredService<OperationLimits>().MaxComplexity;
                    complexity.DefaultComplexityImpactDelegate = PageSizeComplexity.Impact;
                })
                // Also for cached documents: the cache keys on the text, and a document may hold several
                // operations, of which each request can pick another.
                .AddValidationRule<OperationLimitsRule>(useForCachedDocuments: true)
                .AddValidationRule<IntrospectionRule>(useForCachedDocuments: true)
                .AddDeprecatedUsageReporting()
                .UseDocumentCache(provider => provider.GetRequiredService<OperationLimits>().DocumentCacheSize);
        });
        // Replaces GraphQL.NET's parser front end so oversized documents never reach validation.
        services.AddSingleton<IDocumentBuilder, LimitedDocumentBuilder>();

        services.AddGraphQLHttp();
        services.AddOptions<GraphQLHttpOptions>().BindConfiguration("TokenIM:Http")
            .Configure<ApiOptions>((http, api) => http.ServeSdl &= api.Introspection);
        // GraphQL over Server-Sent Events on the same endpoints, admitted like WebSockets (same limits).
        services.AddGraphQLEventStreams();
        services.AddOptions<GraphQLEventStreamOptions>().BindConfiguration("TokenIM:EventStreams").ValidateOnStart();
        // File uploads as GraphQL multipart requests on the same endpoints (the Upload scalar's values).
        services.AddGraphQLUploads();
        services.AddOptions<GraphQLUploadOptions>().BindConfiguration(UploadsSection);
        return services;
    }
}
