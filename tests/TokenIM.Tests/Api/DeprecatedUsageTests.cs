using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api.Deprecation;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

public sealed class DeprecatedUsageTests : IAsyncDisposable
{
    private readonly StructuredLogs _logs = new();
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, string? Field, string? Operation)> _counted = new();

    public DeprecatedUsageTests()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs));
        services.AddMetrics();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<DeprecationSchema>()
            .AddSystemTextJson()
            .AddDeprecatedUsageReporting()
            .UseDocumentCache(10));
        _services = services.BuildServiceProvider();

        // Only this test's meter factory: tests running in parallel have meters of the same name.
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == TokenIM.Server.Observability.TokenIMMetrics.MeterName && instrument.Name == DeprecatedUsageMetrics.CounterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var named = tags.ToArray();
            _counted.Enqueue((value, Tag(named, "field"), Tag(named, "operation")));
        });
        _listener.Start();
    }

    private static string? Tag(KeyValuePair<string, object?>[] tags, string name) => tags.FirstOrDefault(tag => tag.Key == name).Value as string;

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _services.DisposeAsync();
    }

    private async Task<ExecutionResult> ExecuteAsync(string query, string? operationName = null) =>
        await _services.GetRequiredService<IDocumentExecuter<DeprecationSchema>>().ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            OperationName = operationName,
            RequestServices = _services,
        });

    [Fact]
    public async Task Selecting_a_deprecated_field_logs_its_coordinate_and_operation_and_counts_it()
    {
        var result = await ExecuteAsync("query Profile { current oldName }");

        Assert.True(result.Executed);
        var line = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("Query.oldName", line.Values["Field"]);
        Assert.Equal("Profile", line.Values["Operation"]);
        Assert.Equal((1L, "Query.oldName", "Profile"), Assert.Single(_counted));
    }

    [Fact]
    public async Task A_cached_document_is_counted_on_every_execution_not_once_per_parse()
    {
        for (var i = 0; i < 3; i++) await ExecuteAsync("query Again { oldName }");

        Assert.Equal(1, _services.GetRequiredService<DocumentCache>().Count);
        Assert.Equal(3, _counted.Sum(c => c.Value));
        Assert.Equal(3, _logs.Entries.Count);
    }

    [Fact]
    public async Task An_operation_without_a_name_is_reported_as_anonymous()
    {
        await ExecuteAsync("{ oldName }");

        Assert.Equal("anonymous", Assert.Single(_counted).Operation);
    }

    [Fact]
    public async Task A_deprecated_field_of_a_nested_type_is_named_by_its_type()
    {
        await ExecuteAsync("query Nested { user { name nickname } }");

        Assert.Equal("User.nickname", Assert.Single(_counted).Field);
    }

    [Fact]
    public async Task A_deprecated_enum_value_written_in_the_operation_counts()
    {
        await ExecuteAsync("query Paint { paint(color: CRIMSON) }");

        Assert.Equal((1L, "Color.CRIMSON", "Paint"), Assert.Single(_counted));
    }

    [Fact]
    public async Task Fragments_the_operation_spreads_count_and_other_operations_of_the_document_do_not()
    {
        const string document = """
            query Chosen { ...Profile }
            query NotRun { oldName }
            fragment Profile on Query { user { nickname } }
            """;

        await ExecuteAsync(document, "Chosen");

        Assert.Equal((1L, "User.nickname", "Chosen"), Assert.Single(_counted));
    }

    [Fact]
    public async Task Each_operation_of_a_cached_document_counts_its_own_selections_on_every_execution()
    {
        const string document = """
            query Chosen { ...Profile paint(color: CRIMSON) }
            query Other { oldName }
            fragment Profile on Query { user { nickname } }
            """;

        foreach (var operation in new[] { "Chosen", "Chosen", "Other", "Chosen", "Other" })
            await ExecuteAsync(document, operation);

        Assert.Equal(1, _services.GetRequiredService<DocumentCache>().Count);
        Assert.Equal(
            [("Chosen", "Color.CRIMSON", 3), ("Chosen", "User.nickname", 3), ("Other", "Query.oldName", 2)],
            _counted.GroupBy(c => (c.Operation, c.Field)).Select(g => (g.Key.Operation, g.Key.Field, (int)g.Sum(c => c.Value))).Order());
    }

    [Fact]
    public async Task A_field_selected_twice_counts_once_per_execution()
    {
        await ExecuteAsync("query Twice { oldName again: oldName user { nickname } other: user { nickname } }");

        Assert.Equal(["Query.oldName", "User.nickname"], _counted.Select(c => c.Field).Order());
    }

    [Fact]
    public async Task An_operation_refused_before_execution_is_not_counted()
    {
        var result = await ExecuteAsync("query Broken { oldName noSuchField }");

        Assert.False(result.Executed);
        Assert.Empty(_counted);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task Fields_that_are_not_deprecated_are_neither_logged_nor_counted()
    {
        await ExecuteAsync("query Fine { current user { name } paint(color: RED) }");

        Assert.Empty(_counted);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public void The_live_API_reports_deprecated_usage()
    {
        using var node = new TokenIMFactory();

        Assert.Contains(node.Services.GetServices<IConfigureExecution>(), c => c is DeprecatedUsageReporter);
    }

    /// <summary>Keeps the reporter's log entries with their structured values.</summary>
    private sealed class StructuredLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, IReadOnlyDictionary<string, object?> Values)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(DeprecatedUsageReporter).FullName ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose() { }

        private sealed class Logger(StructuredLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((logLevel, (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
    }
}
