using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Observability;

/// <summary><c>TokenIM:Logging:Format</c>: the simple console for people, JSON lines with scopes for a log pipeline.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public void The_default_log_format_is_the_simple_console()
    {
        using var node = new TokenIMFactory();

        // Unset is the console's default, the simple formatter.
        Assert.Contains(Formatter(node), new[] { null, ConsoleFormatterNames.Simple });
    }

    [Fact]
    public async Task An_unknown_log_format_stops_the_node_at_start_up_with_one_line_naming_the_setting()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Directory.CreateTempSubdirectory("tokenim-log-format").FullName,
            ["TokenIM__Logging__Format"] = "xml",
        });

        Startup.StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM:Logging:Format");
    }

    [Fact]
    public async Task Json_logs_are_one_object_a_line_carrying_the_requests_trace_id()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var data = Directory.CreateTempSubdirectory("tokenim-json-logs");
        await using (var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = data.FullName,
            ["TokenIM__Logging__Format"] = "json",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        }))
        {
            var client = server.CreateGraphQLClient();
            client.Http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            await client.PostAsync("{ __typename }");
            // The console logger writes on a thread of its own.
            for (var attempt = 0; attempt < 50 && !server.Output.Contains(traceId); attempt++) await Task.Delay(100);

            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var request = lines.Where(l => l.Contains(traceId)).Select(l => JsonNode.Parse(l)!).First();
            Assert.Equal("Microsoft.AspNetCore.Hosting.Diagnostics", request["Category"]!.GetValue<string>());
            Assert.Contains(request["Scopes"]!.AsArray(), scope => scope?["TraceId"]?.GetValue<string>() == traceId);
            Assert.All(lines.Where(l => l.StartsWith('{')), l => JsonNode.Parse(l));
        }
        data.Delete(recursive: true);
    }

    private static string? Formatter(TokenIMFactory node) =>
        node.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
}
