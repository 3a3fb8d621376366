namespace Telemetry.LocalHost.Worker;

/// <summary>The worker's stream closed (the process exited or was stopped) before it answered.</summary>
internal sealed class WorkerLostException : Exception
{
    public WorkerLostException()
        : base("The worker exited before it answered.")
    {
    }

    public WorkerLostException(string message)
        : base(message)
    {
    }

    public WorkerLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
