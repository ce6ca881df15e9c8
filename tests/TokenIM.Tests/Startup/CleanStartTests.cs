using TokenIM.Tests.Support;

namespace TokenIM.Tests.Startup;

/// <summary>What an operator sees when a node starts: nothing to worry about on a good start.</summary>
public sealed class CleanStartTests
{
    [Fact]
    public async Task A_fresh_node_logs_no_warning_while_it_creates_its_database()
    {
        var data = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var node = await ServerProcess.StartAsync(new Dictionary<string, string> { ["TokenIM__DataDirectory"] = data }))
            {
                Assert.DoesNotContain("warn:", node.Output);
                Assert.DoesNotContain("fail:", node.Output);
            }
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
