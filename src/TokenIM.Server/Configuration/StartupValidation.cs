using Microsoft.Extensions.Options;

namespace TokenIM.Server.Configuration;

public static class StartupValidation
{
    /// <summary>
    /// Runs every <c>ValidateOnStart</c> check now. The host would run them only when it starts, after the
    /// database has been migrated by a node whose configuration is about to be refused.
    /// </summary>
    public static WebApplication ValidateConfiguration(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }
}
