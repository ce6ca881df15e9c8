using Microsoft.Extensions.Options;
using TokenIM.Server.Log;

namespace TokenIM.Server.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>searchMessages: the index kept by the conversation log's batch (SQLite) or the database (PostgreSQL), and the query.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value);
        services.AddSingleton<SearchService>();
        services.AddSingleton<IPostFollower, SearchRows>();
        services.AddSingleton<SearchLanguage>();
        return services;
    }

    /// <summary>PostgreSQL: builds the search column for the configured language if it was built for another (after the migrations).</summary>
    public static Task ApplySearchLanguageAsync(this WebApplication app, CancellationToken ct = default) =>
        app.Services.GetRequiredService<SearchLanguage>().ApplyAsync(ct);
}
