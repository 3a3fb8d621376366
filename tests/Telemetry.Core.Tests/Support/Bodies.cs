using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Core.Tests.Support;

/// <summary>Builds ingestion bodies from valid sample records that each test bends as it needs.</summary>
internal static class Bodies
{
    /// <summary>The "now" every test reads against.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public const string SampleTimestamp = "2026-11-20T10:15:00Z";

    public static JsonObject Census(Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["timestamp"] = SampleTimestamp,
        ["appName"] = "iPhoneSkype",
        ["deviceModel"] = "iPhone",
        ["osName"] = "iPhoneiOS",
        ["osVersion"] = "8.3",
        ["userLanguage"] = "EN-US",
        ["userId"] = "E296D735-4F36-4E18-7C3B-52E1A02A0164",
        ["deviceId"] = "0d6f2c7e-55b4-4a36-9b1e-3f0e1a6c2d90",
        ["signInAttempts"] = 3,
        ["signInFailures"] = 1,
    };

    public static JsonObject Usage(Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["timestamp"] = SampleTimestamp,
        ["appName"] = "Lync",
        ["imSent"] = 12,
        ["imReceived"] = 5,
        ["meetingJoinAttempts"] = 5,
        ["meetingJoinSuccesses"] = 4,
        ["callMinutes"] = 30,
        ["federationPartner"] = "Microsoft.com",
        ["features"] = new JsonObject { ["screenShare"] = 2, ["whiteboard"] = 0 },
    };

    public static JsonObject Error(Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["timestamp"] = SampleTimestamp,
        ["appName"] = "Lync",
        ["errorCode"] = "0x80004005",
        ["userOptIn"] = true,
        ["kind"] = "error",
        ["platform"] = "windows",
        ["messageDirection"] = "Incoming",
        ["conversationState"] = "Idle",
        ["conversationThreadId"] = "AdDO8hsJqilU93hQHC3OZaPR2saEA==",
        ["userId"] = "amosmarble",
        ["sipUri"] = "sip:amos.marble@contoso.com",
        ["ipAddress"] = "203.0.113.77",
        ["networkQuality"] = new JsonObject { ["jitterMs"] = 12.5, ["wifi"] = true, ["band"] = "5GHz" },
    };

    public static JsonObject Sample(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => Census(),
        TelemetryCategory.Usage => Usage(),
        _ => Error(),
    };

    public static JsonObject Envelope(string source, params JsonNode[] records) => new()
    {
        ["source"] = source,
        ["records"] = new JsonArray(records),
    };

    // Clients send text as UTF-8; escaping every non-ASCII character would inflate what they send.
    private static readonly JsonSerializerOptions AsClientsSend = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(AsClientsSend));

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static EnvelopeResult Read(TelemetryCategory category, JsonNode body) =>
        EnvelopeReader.Read(Utf8(body), category, Now);

    public static EnvelopeResult Read(TelemetryCategory category, string source, params JsonNode[] records) =>
        Read(category, Envelope(source, records));

    /// <summary>Reads one record as a client would send it and returns its single error (fails if it was valid).</summary>
    public static RecordError SingleError(TelemetryCategory category, JsonObject record, string source = "client")
    {
        var result = Read(category, Envelope(source, record).WithPool(source));
        Assert.Null(result.Error);
        Assert.Empty(result.Valid);
        return Assert.Single(result.Errors);
    }

    /// <summary>Reads one record and returns it as valid (fails if it was rejected).</summary>
    public static ValidRecord SingleValid(TelemetryCategory category, JsonObject record, string source = "client")
    {
        var result = Read(category, Envelope(source, record).WithPool(source));
        Assert.Null(result.Error);
        Assert.Empty(result.Errors);
        return Assert.Single(result.Valid);
    }

    /// <summary>Adds a poolId when the source needs one.</summary>
    public static JsonObject WithPool(this JsonObject envelope, string source)
    {
        if (source is "meetingsApp" or "joinLauncher")
        {
            envelope["poolId"] = "pool01.contoso.com";
        }

        return envelope;
    }

    public static JsonObject With(this JsonObject record, string name, JsonNode? value)
    {
        record[name] = value;
        return record;
    }

    public static JsonObject Without(this JsonObject record, string name)
    {
        record.Remove(name);
        return record;
    }
}
