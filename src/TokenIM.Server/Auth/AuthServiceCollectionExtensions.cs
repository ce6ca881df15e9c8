using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddTokenIMAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("TokenIM:Auth").Get<AuthOptions>() ?? new AuthOptions();
        var storage = configuration.GetSection("TokenIM").Get<StorageOptions>() ?? new StorageOptions();
        // Loaded now so a Production node without a key fails at start-up, not on the first sign-in.
        var signingKey = SigningKey.Load(options, environment, storage.DataDirectory);

        services.AddSingleton(options);
        services.AddSingleton(signingKey);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccountThrottle>();
        services.AddSingleton<SessionEndings>();
        services.AddSingleton<LiveSessions>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveSessions>());
        services.AddSingleton(new ServiceClients(configuration.GetSection("TokenIM:Clients").Get<List<ServiceClientOptions>>() ?? []));
        var admins = configuration.GetSection("TokenIM:Admins").Get<string[]>() ?? [];
        services.AddSingleton(provider => new Admins(admins, provider.GetRequiredService<IDbContextFactory<TokenIMDbContext>>()));
        services.AddSingleton<IGraphQLWebSocketAuthenticator, AccessTokenWebSocketAuthenticator>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKey = signingKey.SecurityKey,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "preferred_username",
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RejectRevokedTokens };
            });
        return services;
    }

    private static async Task RejectRevokedTokens(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        if (await AccessTokenRevocation.FindRejectionAsync(context.Principal!, http.RequestServices, http.RequestAborted) is { } reason)
            context.Fail(reason);
    }
}
