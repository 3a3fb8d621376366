using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Telemetry.Functions.Tests.Support;

/// <summary>Keeps every log line the app writes (message, state values and exception), for assertions.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    /// <summary>Everything logged so far as one text.</summary>
    public string AllText => string.Join('\n', lines);

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : string.Empty;
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
