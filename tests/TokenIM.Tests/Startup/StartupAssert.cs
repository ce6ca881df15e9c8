namespace TokenIM.Tests.Startup;

public static class StartupAssert
{
    /// <summary>Exit code 2, and the node printed exactly one line, which names the setting: no stack trace.</summary>
    public static void AssertOneLineNaming(int exitCode, string output, string setting)
    {
        Assert.Equal(2, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("TokenIM cannot start:", line);
        Assert.Contains(setting, line);
        Assert.DoesNotContain("Exception", line);
    }
}
