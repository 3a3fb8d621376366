namespace Telemetry.Client.Tests.Support;

/// <summary>Waits for a condition with a generous deadline, never a fixed sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<T> ValueAsync<T>(Func<T?> read, string? what = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (read() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Still waiting after {Deadline.TotalSeconds} s{(what is null ? "." : $" for {what}.")}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<bool> condition, string what) =>
        await ValueAsync(() => condition() ? (object)true : null, what);
}
