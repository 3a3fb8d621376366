using System.Text.Json;
using Telemetry.Core;

namespace Telemetry.Functions.Tests.Support;

/// <summary>Queue messages exactly as the ingestion side writes them, for tests that put them on a queue themselves.</summary>
public static class QueueMessages
{
    public static IReadOnlyList<string> Messages(TelemetryCategory category, string tenantId, string source, string? poolId, params Dictionary<string, object?>[] records)
    {
        var envelope = poolId is null ? (object)new { source, records } : new { source, poolId, records };
        var now = DateTimeOffset.UtcNow;
        var result = EnvelopeReader.Read(JsonSerializer.SerializeToUtf8Bytes(envelope), category, now);
        if (result.Error is not null || result.Errors.Count > 0)
        {
            throw new InvalidOperationException("The sample records are not valid.");
        }

        return QueueBatcher.CreateMessages(category, tenantId, result.Source, result.PoolId, result.Valid, now);
    }
}
