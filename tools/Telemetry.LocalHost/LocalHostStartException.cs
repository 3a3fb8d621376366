namespace Telemetry.LocalHost;

/// <summary>The local host could not start; the message says why and what to do, in one or two sentences.</summary>
public sealed class LocalHostStartException : Exception
{
    /// <summary>A start failure without detail.</summary>
    public LocalHostStartException()
    {
    }

    /// <summary>A start failure and what to do about it.</summary>
    public LocalHostStartException(string message)
        : base(message)
    {
    }

    /// <summary>A start failure caused by <paramref name="innerException"/>.</summary>
    public LocalHostStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
