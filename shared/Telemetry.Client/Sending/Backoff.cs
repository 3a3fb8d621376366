namespace Telemetry.Client.Sending;

/// <summary>Exponential back-off with jitter, never shorter than what the service asked for in Retry-After.</summary>
internal static class Backoff
{
    /// <summary>The longest Retry-After honoured: a larger value is treated as this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1 (attempt 1 failed: the first retry). Half of the exponential
    /// step is fixed and half random ("equal jitter"), so clients spread out yet never retry at once.
    /// <paramref name="random"/> is a number in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? retryAfter, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var step = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var jittered = TimeSpan.FromMilliseconds((step / 2) + (step / 2 * random));
        if (retryAfter is not { } asked || asked <= TimeSpan.Zero)
        {
            return jittered;
        }

        var honoured = asked > MaxRetryAfter ? MaxRetryAfter : asked;
        return honoured > jittered ? honoured : jittered;
    }
}
