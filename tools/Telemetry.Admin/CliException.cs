namespace Telemetry.Admin;

/// <summary>A failure to report to the user: a message for people, a body for <c>--json</c>, and the exit code.</summary>
internal sealed class CliException(int exitCode, string message, object? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>What <c>--json</c> prints on stderr: the service's problem body, or a small object of the tool's own.</summary>
    public object Details { get; } = details ?? new { error = message };
}
