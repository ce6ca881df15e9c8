using System.Text.Encodings.Web;
using GraphQL;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The GraphQL schema, its execution pipeline and its HTTP transport.</summary>
    public static IServiceCollection AddTokenIMApi(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("TokenIM:Limits").Get<OperationLimits>() ?? new OperationLimits();
        services.AddSingleton<UnhandledErrorLogger>();
        // Generic connection types are closed per node type at schema build time.
        services.AddTransient(typeof(ConnectionType<,>));
        services.AddTransient(typeof(EdgeType<,>));

        services.AddGraphQL(graphQL => graphQL
            .AddSchema<TokenIMSchema>()
            .AddGraphTypes(typeof(TokenIMSchema).Assembly)
            // Error messages quote names ('id'); plain quotes read better than \u0027 and JSON responses are never HTML.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<CatalogueErrorInfoProvider>()
            .AddUnhandledExceptionHandler(context =>
                context.Context!.RequestServices!.GetRequiredService<UnhandledErrorLogger>().LogAsync(context))
            .AddComplexityAnalyzer(complexity =>
            {
                complexity.MaxDepth = limits.MaxDepth;
                complexity.MaxComplexity = limits.MaxComplexity;
            })
            .UseDocumentCache(limits.DocumentCacheSize));

        services.AddGraphQLHttp(http => configuration.GetSection("TokenIM:Http").Bind(http));
        return services;
    }
}
