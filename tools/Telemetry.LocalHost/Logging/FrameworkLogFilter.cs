using Microsoft.Extensions.Logging;

namespace Telemetry.LocalHost.Logging;

/// <summary>
/// The logger factory given to the host's own Kestrel servers: their framework categories (Kestrel, routing, gRPC,
/// YARP, which logs every forwarded request at Information) are kept from Warning up, whatever the caller's filters.
/// </summary>
internal sealed class FrameworkLogFilter(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly string[] FrameworkPrefixes = ["Microsoft.", "Grpc.", "Yarp."];

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return FrameworkPrefixes.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The caller owns the inner factory.
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
