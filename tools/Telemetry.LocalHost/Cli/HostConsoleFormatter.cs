using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Telemetry.LocalHost.Cli;

/// <summary>Console lines as Core Tools writes them: <c>[2026-12-01T10:00:00.123Z] message</c>, warnings and errors in colour.</summary>
internal sealed class HostConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "localhost";

    private const string Yellow = "\u001b[33m";
    private const string Red = "\u001b[31m";
    private const string Reset = "\u001b[0m";

    private readonly bool _colour = !Console.IsOutputRedirected;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is { } exception)
        {
            message = $"{message} ({exception.GetType().Name}: {exception.Message})";
        }

        var colour = _colour ? logEntry.LogLevel switch
        {
            LogLevel.Warning => Yellow,
            >= LogLevel.Error and < LogLevel.None => Red,
            _ => null,
        } : null;

        textWriter.Write('[');
        textWriter.Write(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write(colour);
        textWriter.Write(message);
        textWriter.WriteLine(colour is null ? null : Reset);
    }
}
