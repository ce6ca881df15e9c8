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
        services.AddHostedService<SearchLanguage>();
        return services;
    }
}
