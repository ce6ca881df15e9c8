namespace TokenIM.Server.Api;

public static class SchemaStartup
{
    /// <summary>
    /// Builds the GraphQL schema on another thread while the database starts, so the first request does not pay
    /// for it (a third of a new node's time to its first answer).
    /// </summary>
    public static Task BuildSchemaAsync(this WebApplication app) =>
        Task.Run(() => app.Services.GetRequiredService<TokenIMSchema>().Initialize());
}
