using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using TokenIM.Server.Api;

namespace TokenIM.Server.Http;

/// <summary>
/// Transport-level defaults: HTTPS redirection and HSTS when the node serves HTTPS, and which web
/// origins may call the API from a browser (no content-type sniffing: <see cref="RequestGate"/>).
/// </summary>
public static class HttpSecurity
{
    /// <summary>
    /// CORS origins come from <c>TokenIM:Cors:Origins</c>. With none configured, Development allows
    /// any origin (a local front-end on another port just works) and every other environment allows
    /// none. Tokens travel in the Authorization header, never in cookies, so no origin is ever
    /// allowed credentials.
    /// </summary>
    public static IServiceCollection AddTokenIMHttpSecurity(this IServiceCollection services)
    {
        services.AddOptions<CorsOriginsOptions>().BindConfiguration(CorsOriginsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorsOriginsOptions>, CorsOriginsOptionsValidation>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsOriginsOptions>, IHostEnvironment>((cors, configured, environment) =>
            cors.AddDefaultPolicy(policy =>
            {
                var origins = configured.Value.Normalized();
                if (origins.Contains("*") || (origins.Length == 0 && environment.IsDevelopment())) policy.AllowAnyOrigin();
                else policy.WithOrigins(origins);
                policy.WithMethods(HttpMethods.Get, HttpMethods.Post)
                    .AllowAnyHeader()
                    .WithExposedHeaders(ApiVersioning.Header, "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromHours(1));
            }));
        services.Configure<CorsOptions>(cors => cors.AddPolicy(SignedUrlEndpoint.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Put)
            .AllowAnyHeader()
            .WithExposedHeaders("Content-Disposition", "Content-Range", "Accept-Ranges", "ETag", ApiVersioning.Header)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UseTokenIMHttpSecurity(this WebApplication app)
    {
        if (IsHttpsConfigured(app.Configuration))
        {
            // A browser that once saw the header refuses plain HTTP for a year: never in Development,
            // where the same host name serves many projects.
            if (!app.Environment.IsDevelopment()) app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCors();
        return app;
    }

    /// <summary>
    /// Whether this node serves HTTPS: an https URL to listen on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// a Kestrel endpoint), or a declared HTTPS port (<c>ASPNETCORE_HTTPS_PORTS</c>, or
    /// <c>ASPNETCORE_HTTPS_PORT</c> behind a proxy that terminates TLS).
    /// </summary>
    public static bool IsHttpsConfigured(IConfiguration configuration)
    {
        static bool IsHttps(string? url) => url?.Contains("https://", StringComparison.OrdinalIgnoreCase) == true;

        return IsHttps(configuration["urls"])
               || !string.IsNullOrWhiteSpace(configuration["https_ports"])
               || !string.IsNullOrWhiteSpace(configuration["https_port"])
               || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => IsHttps(endpoint["Url"]));
    }
}
