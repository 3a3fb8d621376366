namespace Telemetry.Storage.Tests.Support;

/// <summary>A clock that always reads the same instant, so a signed request is fully determined.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
