namespace Telemetry.LocalHost.Queues;

/// <summary>
/// The wait between polls of a queue, as the host's randomized exponential back-off: 100 ms after a poll that found
/// messages, then roughly doubling (±20 %) while the queue stays empty, up to maxPollingInterval.
/// </summary>
internal sealed class PollingBackoff(TimeSpan maximum)
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);
    private const double Randomization = 0.2;

    private TimeSpan _current = Minimum;
    private int _exponent;

    public TimeSpan Next(bool foundMessages)
    {
        if (foundMessages)
        {
            _current = Minimum;
            _exponent = 1;
            return _current;
        }

        if (_current < maximum)
        {
            var factor = 1 - Randomization + (Random.Shared.NextDouble() * 2 * Randomization);
            var next = Minimum + TimeSpan.FromMilliseconds(factor * Math.Pow(2, _exponent) * Minimum.TotalMilliseconds);
            _current = next < maximum ? next : maximum;
            _exponent++;
        }

        return _current;
    }
}
