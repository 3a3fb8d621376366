using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Worker;

/// <summary>
/// Writes the worker's <c>RpcLog</c>s under their own categories. Framework categories are kept from Warning up by
/// default (ASP.NET Core logs every request at Information), the app's own from Information up.
/// </summary>
internal sealed class WorkerLogRouter(ILoggerFactory loggerFactory, LogLevel appLevel, LogLevel frameworkLevel)
{
    private static readonly string[] FrameworkPrefixes = ["Microsoft.", "System.", "Azure.", "Grpc."];

    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public void Log(RpcLog log)
    {
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric)
        {
            return;
        }

        var level = ToLevel(log.Level);
        var category = string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category;
        var threshold = FrameworkPrefixes.Any(p => category.StartsWith(p, StringComparison.Ordinal)) ? frameworkLevel : appLevel;
        if (level < threshold || level == LogLevel.None)
        {
            return;
        }

        var logger = _loggers.GetOrAdd(category, loggerFactory.CreateLogger);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        // The exception's type and message only: its stack trace stays in the worker.
        var message = log.Exception is { } exception && !string.IsNullOrEmpty(exception.Message)
            ? $"{log.Message} ({ExceptionText(exception)})"
            : log.Message;
#pragma warning disable CA1848, CA2254 // The worker's messages are already formatted; they are relayed as they are.
        logger.Log(level, message);
#pragma warning restore CA1848, CA2254
    }

    /// <summary>The exception's type and the first line of its message (the worker may put the stack trace there too).</summary>
    public static string ExceptionText(RpcException exception)
    {
        var firstLine = FirstLine(exception.Message);
        return string.IsNullOrEmpty(exception.Type) || firstLine.StartsWith(exception.Type, StringComparison.Ordinal)
            ? firstLine
            : $"{exception.Type}: {firstLine}";
    }

    public static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    private static LogLevel ToLevel(RpcLog.Types.Level level) => level switch
    {
        RpcLog.Types.Level.Trace => LogLevel.Trace,
        RpcLog.Types.Level.Debug => LogLevel.Debug,
        RpcLog.Types.Level.Information => LogLevel.Information,
        RpcLog.Types.Level.Warning => LogLevel.Warning,
        RpcLog.Types.Level.Error => LogLevel.Error,
        RpcLog.Types.Level.Critical => LogLevel.Critical,
        _ => LogLevel.None,
    };
}
