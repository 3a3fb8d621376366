namespace Telemetry.Services.Tests.Support;

/// <summary>Waits for an eventual outcome with a generous deadline (not a timing assertion).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string? because = null)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, because ?? "The condition did not become true before the deadline.");
            await Task.Delay(50);
        }
    }
}
