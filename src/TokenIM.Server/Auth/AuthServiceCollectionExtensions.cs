using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
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
        services.AddHostedService(provider => provider.GetRequiredService<LiveSessions>());
        services.AddSingleton(sp => new ServiceClients(sp.GetRequiredService<IOptions<AccessOptions>>().Value.Clients));
        services.AddSingleton(sp => new Admins(
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.Admins, sp.GetRequiredService<IDbContextFactory<TokenIMDbContext>>()));
        services.AddSingleton<IGraphQLWebSocketAuthenticator, AccessTokenWebSocketAuthenticator>();
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<IGraphQLConnectionListener>(provider => provider.GetRequiredService<SessionConnections>());

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey>((jwt, signingKey) =>
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
