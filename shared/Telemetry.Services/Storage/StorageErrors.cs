using Azure;

namespace Telemetry.Services.Storage;

/// <summary>Storage failures in one short line for a log: the status and error code, or what the transport said.</summary>
public static class StorageErrors
{
    public static string Describe(Exception exception) => exception switch
    {
        null => throw new ArgumentNullException(nameof(exception)),
        StorageUnavailableException { InnerException: { } inner } unavailable => $"{unavailable.Failure}: {Describe(inner)}",
        RequestFailedException { Status: > 0 } refused => $"{refused.Status} {refused.ErrorCode}".TrimEnd(),
        RequestFailedException { InnerException: { } inner } => Describe(inner),
        AggregateException { InnerExceptions.Count: > 0 } retried => $"{Describe(retried.InnerExceptions[^1])} (after {retried.InnerExceptions.Count} tries)",
        _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
