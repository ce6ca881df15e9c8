using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Ide;

public static class IdeServiceCollectionExtensions
{
    /// <summary>
    /// The IDE is a developer's tool: Banana Cake Pop by default in Development, nothing elsewhere unless
    /// <c>TokenIM:Api:Ide</c> says otherwise. It exposes nothing the API does not (it runs in the
    /// browser against the same endpoint), so turning it on in Production is a choice, not a risk.
    /// An invalid value stops the node at start-up (one line, exit code 2).
    /// </summary>
    public static IServiceCollection AddIde(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<IdeOptions>()
            .BindConfiguration(IdeOptions.Section)
            .PostConfigure(options => options.Resolve(environment.IsDevelopment()))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdeOptions>, IdeOptions.Validator>());
        services.AddSingleton<IdeAssets>();
        return services;
    }
}
