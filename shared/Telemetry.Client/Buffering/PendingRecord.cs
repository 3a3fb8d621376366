namespace Telemetry.Client.Buffering;

/// <summary>A record as it will be sent: its id and timestamp were fixed when it was tracked, so every retry repeats them.</summary>
internal sealed record PendingRecord(Guid Id, DateTimeOffset Timestamp, byte[] Json);
