using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Core;

namespace Telemetry.Functions.Tests.Support;

/// <summary>
/// Queue messages as the ingestion side writes them, and the Functions host's queue-trigger request
/// around one: the message bound as a string and serialized again (double encoding), metadata strings
/// likewise, DequeueCount as a string, and the message's top-level scalars copied into Metadata.
/// </summary>
public static class HostPayloads
{
    // The host escapes quotes as \" (not \u0022), like any JSON writer that does not target HTML.
    private static readonly JsonSerializerOptions HostJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    public static string Invocation(string messageText, int dequeueCount = 1, string? messageId = null)
    {
        var id = messageId ?? Guid.NewGuid().ToString();
        var metadata = new JsonObject
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ExpirationTime"] = DateTimeOffset.UtcNow.AddDays(7),
            ["Id"] = JsonSerializer.Serialize(id, HostJson),
            ["InsertionTime"] = DateTimeOffset.UtcNow,
            ["NextVisibleTime"] = DateTimeOffset.UtcNow.AddMinutes(10),
            ["PopReceipt"] = JsonSerializer.Serialize("AgAAAAMAAAAAAAAA", HostJson),
            ["sys"] = new JsonObject { ["MethodName"] = "ProcessUsage", ["UtcNow"] = DateTimeOffset.UtcNow, ["RandGuid"] = Guid.NewGuid() },
        };
        if (JsonNode.Parse(messageText) is JsonObject message)
        {
            foreach (var (name, value) in message)
            {
                if (value is JsonValue scalar && !metadata.ContainsKey(name))
                {
                    metadata[name] = scalar.DeepClone();
                }
            }
        }

        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = JsonSerializer.Serialize(messageText, HostJson) },
            ["Metadata"] = metadata,
        };
        return payload.ToJsonString(HostJson);
    }

    public static StringContent Content(string invocation) => new(invocation, Encoding.UTF8, "application/json");
}
