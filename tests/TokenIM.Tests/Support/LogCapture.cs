using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TokenIM.Tests.Support;

/// <summary>Collects the node's log lines so tests can check what operators would see.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The same lines with their category and the key-value pairs of their scopes (the trace id among them).</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>
    /// The SQL statements the node has run: EF Core's commands and the prepared reads written by hand, each logged once
    /// when the node counts them (<see cref="TokenIMFactory.LoggingSqlStatements"/>).
    /// </summary>
    public int SqlStatements() => Lines.Count(l =>
        l.Contains("Executed DbCommand", StringComparison.Ordinal) || l.Contains("Running prepared read", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            capture.Lines.Enqueue($"{logLevel} {category}: {message} {exception}");
            var scopes = new Dictionary<string, string?>();
            capture._scopes.ForEachScope((scope, values) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) values[key] = value?.ToString();
            }, scopes);
            capture.Entries.Enqueue(new LogEntry(logLevel, category, message, scopes));
        }
    }
}

/// <summary>One captured line; <see cref="TraceId"/> is the trace id ASP.NET Core's activity tracking put in its scope.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, string?> Scopes)
{
    public string? TraceId => Scopes.GetValueOrDefault("TraceId");
}
