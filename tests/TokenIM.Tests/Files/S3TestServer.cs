using TokenIM.Server.Files;

namespace TokenIM.Tests.Files;

/// <summary>
/// The S3-compatible server the S3 tests use: <c>TOKENIM_TEST_S3</c> as <c>ServiceUrl=…;Bucket=…;AccessKeyId=…;SecretAccessKey=…</c>
/// (tests/lib/s3.sh's <c>start_s3</c> sets it; tests/run.sh always does). Unset, the S3 tests pass without running,
/// as the PostgreSQL-only tests do without <c>TOKENIM_TEST_POSTGRES</c>.
/// </summary>
public static class S3TestServer
{
    private static readonly string? Setting = Environment.GetEnvironmentVariable("TOKENIM_TEST_S3");

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Setting);

    public static S3FileStoreOptions Options
    {
        get
        {
            var parts = Setting!.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            return new S3FileStoreOptions
            {
                ServiceUrl = parts["ServiceUrl"],
                Bucket = parts["Bucket"],
                AccessKeyId = parts.GetValueOrDefault("AccessKeyId"),
                SecretAccessKey = parts.GetValueOrDefault("SecretAccessKey"),
            };
        }
    }

    /// <summary>A node's settings for the S3 store on this server, in configuration-key form.</summary>
    public static IEnumerable<(string Key, string? Value)> NodeSettings()
    {
        var options = Options;
        yield return ("TokenIM:Files:Store", "S3");
        yield return ("TokenIM:Files:S3:ServiceUrl", options.ServiceUrl);
        yield return ("TokenIM:Files:S3:Bucket", options.Bucket);
        yield return ("TokenIM:Files:S3:AccessKeyId", options.AccessKeyId);
        yield return ("TokenIM:Files:S3:SecretAccessKey", options.SecretAccessKey);
    }
}
