using TokenIM.Server.Api;

namespace TokenIM.Server.Ide;

public static class IdeServiceCollectionExtensions
{
    /// <summary>
    /// The IDE is a developer's tool: on by default in Development, off elsewhere unless
    /// <c>TokenIM:Api:Ide</c> says otherwise. It exposes nothing the API does not (it runs in the
    /// browser against the same endpoint), so turning it on in Production is a choice, not a risk.
    /// </summary>
    public static IServiceCollection AddIde(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var api = configuration.GetSection("TokenIM:Api").Get<ApiOptions>() ?? new ApiOptions();
        services.AddSingleton(new IdeOptions(api.Ide ?? environment.IsDevelopment()));
        services.AddSingleton<IdeAssets>();
        return services;
    }
}
