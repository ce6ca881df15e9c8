using TokenIM.Tests.Startup;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Files;

/// <summary>A file store that cannot work for this deployment stops the node at start, naming the settings.</summary>
public sealed class FilesStartupTests
{
    private static Dictionary<string, string> Node(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in settings) environment[key] = value;
        return environment;
    }

    [Fact]
    public async Task Several_nodes_on_the_local_store_are_refused_at_start_naming_the_settings()
    {
        // Nothing listens on port 1: the node never gets as far as Redis.
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(("TokenIM__Redis", "127.0.0.1:1")));

        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Files__Store is Local but TokenIM__Redis is set");
        Assert.Contains("TokenIM__Files__Store=S3", output);
        Assert.Contains("TokenIM__Files__Local__Shared=true", output);
    }

    [Theory]
    [InlineData("TokenIM__Files__Store=S3", "TokenIM__Files__S3__Bucket is not set")]
    [InlineData("TokenIM__Files__Store=S3;TokenIM__Files__S3__Bucket=b;TokenIM__Files__S3__ServiceUrl=not a url", "TokenIM__Files__S3__ServiceUrl must be an absolute URL")]
    [InlineData("TokenIM__Files__Store=S3;TokenIM__Files__S3__Bucket=b;TokenIM__Files__S3__AccessKeyId=k", "must be set together")]
    [InlineData("TokenIM__Files__Store=Ftp", "TokenIM:Files:Store")]
    [InlineData("TokenIM__Files__ThumbnailMaxSide=0", "TokenIM__Files__ThumbnailMaxSide")]
    [InlineData("TokenIM__Files__DownloadUrlLifetime=00:00:01", "TokenIM__Files__DownloadUrlLifetime")]
    public async Task A_file_store_setting_that_cannot_work_is_refused_at_start(string settings, string named)
    {
        var pairs = settings.Split(';').Select(setting => setting.Split('=', 2)).Select(pair => (pair[0], pair[1])).ToArray();

        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(pairs));

        StartupAssert.AssertOneLineNaming(exitCode, output, named);
    }
}
