using TokenIM.Server.Events;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddTokenIMAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton(sp => SigningKey.Load(
            sp.GetRequiredService<AuthOptions>(), sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<StorageOptions>().DataDirectory));
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidation>();

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccountThrottle>();
        services.AddSingleton<SessionEndings>();
        services.AddSingleton<LiveSessions>();
        services.AddChatEvent<SessionsEnded>("sessionsEnded");
        services.AddHostedService(provider => provider.GetRequiredService<LiveSessions>());
        services.AddSingleton(sp => new ServiceClients(sp.GetRequiredService<IOptions<AccessOptions>>().Value.Clients));
        services.AddSingleton(sp => new Admins(
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.Admins, sp.GetRequiredService<IDbContextFactory<TokenIMDbContext>>()));
        services.AddSingleton<IGraphQLWebSocketAuthenticator, AccessTokenWebSocketAuthenticator>();
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<IGraphQLConnectionListener>(provider => provider.GetRequiredService<SessionConnections>());

        services.AddSingleton<AccessTokenValidator>();
        services.AddAuthentication(AccessTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        return services;
    }
}
