using Microsoft.Extensions.Options;
using TokenIM.Server.Data;
using TokenIM.Server.Http;

namespace TokenIM.Server.Files;

public static class FilesServiceCollectionExtensions
{
    /// <summary>File storage (a local directory or an S3-compatible bucket), the upload intake and signed download URLs.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FilesOptions>, FilesOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FilesOptions>>().Value);

        services.AddSingleton(sp => new FileSpool(
            System.IO.Path.Combine(LocalDirectory(sp), ".spool"), sp.GetRequiredService<TimeProvider>()));
        // Decided here, as the database provider is: the store is fixed for the life of the node.
        var store = configuration.GetSection(FilesOptions.Section).GetValue<FileStoreKind?>(nameof(FilesOptions.Store)) ?? FileStoreKind.Local;
        if (store == FileStoreKind.S3)
            services.AddSingleton<IFileStore>(sp => S3FileStore.Create(sp.GetRequiredService<FilesOptions>().S3));
        else
            services.AddSingleton<IFileStore>(sp => new LocalFileStore(LocalDirectory(sp)));

        services.AddSingleton<ImageThumbnails>();
        services.AddSingleton<IFileIntake, FileIntake>();
        services.AddSingleton<DownloadTokens>();
        services.AddSingleton<IDownloadUrls, DownloadUrls>();
        return services;
    }

    /// <summary><c>GET</c>/<c>HEAD /files/{token}</c>, authorized by the token alone.</summary>
    public static WebApplication MapFiles(this WebApplication app)
    {
        var tokens = app.Services.GetRequiredService<DownloadTokens>();
        var store = app.Services.GetRequiredService<IFileStore>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        app.MapMethods(DownloadEndpoint.Path + "/{token}", [HttpMethods.Get, HttpMethods.Head],
                context => DownloadEndpoint.ServeAsync(context, tokens, store, clock))
            .AuthorizedBySignedUrl();
        return app;
    }

    private static string LocalDirectory(IServiceProvider services)
    {
        var configured = services.GetRequiredService<FilesOptions>().Local.Directory;
        return string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(services.GetRequiredService<StorageOptions>().DataDirectory, "files")
            : configured;
    }
}
