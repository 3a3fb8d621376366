using Azure.Core;

namespace Telemetry.Services.Storage;

/// <summary>What every storage client gets: Azure.Core's retries sized for the request path, and no request log or spans.</summary>
internal static class StorageClientDefaults
{
    /// <summary>
    /// Exponential back-off of 0.1, 0.2 and 0.4 s (with jitter): four attempts fit in
    /// <see cref="StorageBudget.PerRequest"/> when storage refuses at once. A try that hangs is ended by the
    /// request's budget; background work gets 10 s per try.
    /// </summary>
    public static void Apply(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);

        // Azure.Core's request log and its client spans name the entity path, and Policies paths hold key hashes:
        // the services log and count what an operator needs themselves.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
    }
}
