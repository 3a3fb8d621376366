namespace Telemetry.LocalHost.Tests.Support;

/// <summary>Waits for an outcome with a generous deadline: how long it takes is not what these tests assert.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> attempt, string what, TimeSpan? deadline = null, Func<string>? context = null)
        where T : class
    {
        var until = DateTimeOffset.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            if (await attempt() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for {what}.{(context is null ? string.Empty : Environment.NewLine + context())}");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null, Func<string>? context = null) =>
        ValueAsync<object>(async () => await condition() ? new object() : null, what, deadline, context);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null, Func<string>? context = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, deadline, context);
}
