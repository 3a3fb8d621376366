namespace Telemetry.Functions.Tests.Support;

/// <summary>Waits for an eventual outcome with a generous deadline (not a timing assertion).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTimeOffset.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, "The condition did not become true before the deadline.");
            await Task.Delay(100);
        }
    }
}
