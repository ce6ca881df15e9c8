using TokenIM.Tests.Support;

namespace TokenIM.Tests.Startup;

/// <summary>A node that cannot start says why in one line an operator can act on, and exits with code 2.</summary>
public sealed class ConfigurationErrorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private static Dictionary<string, string> Node(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in settings) environment[key] = value;
        return environment;
    }

    /// <summary>"A=1;B=2" as settings: InlineData takes constants only.</summary>
    private static (string, string)[] Settings(string settings) =>
        settings.Split(';').Select(setting => setting.Split('=', 2)).Select(pair => (pair[0], pair[1])).ToArray();

    [Fact]
    public async Task A_setting_that_is_not_a_number_stops_start_up_with_one_line_naming_it_and_exit_code_2()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(("TokenIM__Limits__MaxDepth", "deep")));

        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM:Limits:MaxDepth");
    }

    [Fact]
    public async Task Postgres_storage_without_a_connection_string_stops_start_up_with_one_line_and_exit_code_2()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(("TokenIM__Storage", "Postgres")));

        StartupAssert.AssertOneLineNaming(exitCode, output, "ConnectionStrings:TokenIM");
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_stops_start_up_with_a_summary_line_the_details_and_exit_code_1()
    {
        // Nothing listens on port 1 of the loopback address: the connection is refused at once.
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(
            ("TokenIM__Storage", "Postgres"),
            ("ConnectionStrings__TokenIM", "Host=127.0.0.1;Port=1;Database=tokenim;Username=tokenim;Password=x;Timeout=3")));

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.StartsWith("TokenIM cannot start:", StringComparison.Ordinal) && line.EndsWith("(details follow)", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(1), line => line.StartsWith("at ", StringComparison.Ordinal));
    }

    // One invalid value per options class (more for push and service clients in their own tests); each is checked
    // when the node starts (ValidateOnStart), before the database is touched, and named the way an operator sets it.
    [Theory]
    [InlineData("TokenIM__Storage=Mongo", "TokenIM:Storage")]
    [InlineData("TokenIM__Limits__MaxDepth=0", "TokenIM__Limits__MaxDepth must be at least 1.")]
    [InlineData("TokenIM__Limits__DocumentCacheSize=-5", "TokenIM__Limits__DocumentCacheSize must be at least 1.")]
    [InlineData("TokenIM__Groups__MaxMembers=0", "TokenIM__Groups__MaxMembers must be at least 1.")]
    [InlineData("TokenIM__Typing__Timeout=-00:00:01", "TokenIM__Typing__Timeout")]
    [InlineData("TokenIM__Presence__Ttl=00:00:00", "TokenIM__Presence__Ttl")]
    [InlineData("TokenIM__Presence__RefreshInterval=00:01:00", "TokenIM__Presence__RefreshInterval")]
    [InlineData("TokenIM__Push__WebhookUrl=ftp://push.example.com/", "TokenIM__Push__WebhookUrl")]
    [InlineData("TokenIM__Push__WebhookUrl=https://push.example.com/;TokenIM__Push__WebhookSecret=" + Secret + ";TokenIM__Push__PollInterval=00:00:00",
        "TokenIM__Push__PollInterval")]
    [InlineData("TokenIM__RateLimiting__Messages__PermitLimit=0", "TokenIM__RateLimiting__Messages__PermitLimit must be at least 1.")]
    [InlineData("TokenIM__RateLimiting__SignInPerAddress__Window=00:00:00", "TokenIM__RateLimiting__SignInPerAddress__Window")]
    [InlineData("TokenIM__RateLimiting__Subscriptions__PermitLimit=-1", "TokenIM__RateLimiting__Subscriptions__PermitLimit")]
    [InlineData("TokenIM__Observability__Metrics__Enabled=maybe", "TokenIM:Observability:Metrics:Enabled")]
    [InlineData("TokenIM__Auth__SigningKey=too-short", "TokenIM__Auth__SigningKey must be at least 32 bytes")]
    [InlineData("TokenIM__Auth__AccessTokenLifetime=soon", "TokenIM:Auth:AccessTokenLifetime")]
    [InlineData("TokenIM__Clients__0__Id=reports;TokenIM__Clients__0__Secret=short", "TokenIM__Clients__0__Secret")]
    [InlineData("TokenIM__Cors__Origins__0=https://chat.example.com;TokenIM__Cors__Origins__1=chat.example.com", "TokenIM__Cors__Origins__1")]
    [InlineData("TokenIM__Log__MaxBatch=0", "TokenIM__Log__MaxBatch must be between 1 and 1000.")]
    [InlineData("TokenIM__ConversationEvents__HorizonDays=3", "TokenIM__ConversationEvents__HorizonDays must be between 7 and 3650.")]
    [InlineData("TokenIM__EventStreams__SendQueueCapacity=lots", "TokenIM:EventStreams:SendQueueCapacity")]
    [InlineData("TokenIM__Uploads__MaxFiles=0", "TokenIM__Uploads__MaxFiles must be between 1 and 1000.")]
    [InlineData("TokenIM__Attachments__MaxFileBytes=0", "TokenIM__Attachments__MaxFileBytes must be between 1 and 2147483647.")]
    [InlineData("TokenIM__Attachments__AllowedContentTypes__0=image", "TokenIM__Attachments__AllowedContentTypes has 'image'")]
    [InlineData("TokenIM__Attachments__UnsentLifetime=00:05:00", "TokenIM__Attachments__UnsentLifetime must be longer than UploadUrlLifetime.")]
    public async Task An_invalid_value_stops_start_up_with_one_line_naming_the_setting_and_exit_code_2(string settings, string named)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(Settings(settings)));

        StartupAssert.AssertOneLineNaming(exitCode, output, named);
    }

    [Fact]
    public async Task Invalid_values_in_several_sections_are_all_named_on_the_one_line()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(
            ("TokenIM__Typing__Timeout", "00:00:00"), ("TokenIM__Groups__MaxMembers", "0")));

        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Typing__Timeout");
        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Groups__MaxMembers");
    }

    [Fact]
    public async Task A_production_node_without_a_signing_key_stops_with_one_line_naming_it()
    {
        var environment = Node();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var (exitCode, output) = await ServerProcess.RunToExitAsync(environment);

        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Auth__SigningKey is not set");
    }

    [Fact]
    public async Task Any_other_start_up_failure_prints_a_one_line_summary_before_its_details()
    {
        // A database whose folder cannot be created, because a file stands where the folder should be.
        var file = Path.GetTempFileName();
        try
        {
            var (exitCode, output) = await ServerProcess.RunToExitAsync(Node(("ConnectionStrings__TokenIM", $"Data Source={Path.Combine(file, "db", "tokenim.db")}")));

            Assert.NotEqual(0, exitCode);
            Assert.NotEqual(2, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // The summary first (which I/O error depends on the platform), then the details for a developer.
            Assert.Matches("^TokenIM cannot start: [A-Za-z]*Exception: .+", lines[0]);
            Assert.Contains(lines.Skip(1), line => line.StartsWith("at ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
