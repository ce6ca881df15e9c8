using TokenIM.Tests.Support;

namespace TokenIM.Tests.Startup;

/// <summary>A node that cannot start says why in one line an operator can act on, and exits with code 2.</summary>
public sealed class ConfigurationErrorTests
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
}
