using System.Text.Json;
using Telemetry.Core;

namespace Telemetry.Services.Tests.Support;

/// <summary>Valid records and the queue messages ingestion makes of them.</summary>
internal static class Batches
{
    public static Dictionary<string, object?> Usage(int features = 0) => new()
    {
        ["id"] = Guid.NewGuid(),
        ["timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["appName"] = "Teams",
        ["imSent"] = 12,
        ["federationPartner"] = "Microsoft.com",
        ["features"] = Enumerable.Range(0, features).ToDictionary(f => $"feature.number.{f}", f => f),
    };

    public static Dictionary<string, object?> Error(string userId = "amosmarble") => new()
    {
        ["id"] = Guid.NewGuid(),
        ["timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["appName"] = "Teams",
        ["errorCode"] = "0x80004005",
        ["userOptIn"] = true,
        ["userId"] = userId,
        ["ipAddress"] = "192.0.2.10",
    };

    /// <summary>The envelope of <paramref name="records"/> from a client, validated as ingestion validates it.</summary>
    public static EnvelopeResult Envelope(TelemetryCategory category, params Dictionary<string, object?>[] records)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { source = "client", records });
        var envelope = EnvelopeReader.Read(body, category, DateTimeOffset.UtcNow);
        Assert.Null(envelope.Error);
        return envelope;
    }

    /// <summary>The queue messages of <paramref name="records"/>, all accepted.</summary>
    public static IReadOnlyList<string> Messages(TelemetryCategory category, string tenantId, params Dictionary<string, object?>[] records)
    {
        var envelope = Envelope(category, records);
        Assert.Empty(envelope.Errors);
        return QueueBatcher.CreateMessages(category, tenantId, envelope.Source, envelope.PoolId, envelope.Valid, DateTimeOffset.UtcNow);
    }

    /// <summary>400 usage records that need several queue messages.</summary>
    public static Dictionary<string, object?>[] LargeUsage() => Enumerable.Range(0, 400).Select(_ => Usage(features: 8)).ToArray();
}
