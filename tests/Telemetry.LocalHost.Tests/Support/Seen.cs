namespace Telemetry.LocalHost.Tests.Support;

/// <summary>What a sample queue function recorded of one delivery (the sample app's SeenMessage).</summary>
internal sealed record Seen(
    string Function,
    string? Text,
    string? Id,
    long DequeueCount,
    DateTimeOffset InsertionTime,
    DateTimeOffset ExpirationTime,
    DateTimeOffset NextVisibleTime,
    string? PopReceipt,
    string? QueueTrigger,
    int Running,
    DateTimeOffset At);
