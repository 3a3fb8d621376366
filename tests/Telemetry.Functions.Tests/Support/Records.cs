using System.Globalization;

namespace Telemetry.Functions.Tests.Support;

/// <summary>Valid sample records per category (the contract's field tables); tests change or add fields to make them invalid.</summary>
public static class Records
{
    public const string ClientHashedUserId = "E296D735-4F36-4E18-7C3B-52E1A02A0164";
    public const string ClearUserId = "amosmarble";
    public const string ClearSipUri = "sip:amos.marble@contoso.example";
    public const string ClearIpAddress = "203.0.113.77";

    public static string Timestamp(DateTimeOffset? at = null) =>
        (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Census(Guid? id = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid(),
        ["timestamp"] = Timestamp(),
        ["appName"] = "iPhoneSkype",
        ["deviceModel"] = "iPhone",
        ["osName"] = "iPhoneiOS",
        ["osVersion"] = "8.3",
        ["userLanguage"] = "EN-US",
        ["userId"] = ClientHashedUserId,
        ["deviceId"] = Guid.NewGuid(),
        ["signInAttempts"] = 3,
        ["signInFailures"] = 1,
    };

    public static Dictionary<string, object?> Usage(Guid? id = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid(),
        ["timestamp"] = Timestamp(),
        ["appName"] = "Teams",
        ["imSent"] = 12,
        ["imReceived"] = 5,
        ["meetingJoinAttempts"] = 5,
        ["meetingJoinSuccesses"] = 4,
        ["callMinutes"] = 30,
        ["federationPartner"] = "Microsoft.com",
    };

    public static Dictionary<string, object?> Error(Guid? id = null, bool userOptIn = true) => new()
    {
        ["id"] = id ?? Guid.NewGuid(),
        ["timestamp"] = Timestamp(),
        ["appName"] = "Teams",
        ["errorCode"] = "0x80004005",
        ["userOptIn"] = userOptIn,
        ["messageDirection"] = "Incoming",
        ["conversationState"] = "Idle",
        ["conversationThreadId"] = "AdDO8hsJqilU93hQHC3OZaPR2saEA==",
        ["userId"] = ClearUserId,
        ["sipUri"] = ClearSipUri,
        ["ipAddress"] = ClearIpAddress,
    };

    public static Dictionary<string, object?> For(string category, Guid? id = null) => category switch
    {
        "census" => Census(id),
        "usage" => Usage(id),
        "errors" => Error(id),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static object Envelope(string source, string? poolId, params IEnumerable<object>[] records) =>
        poolId is null
            ? new { source, records = records.SelectMany(r => r).ToArray() }
            : new { source, poolId, records = records.SelectMany(r => r).ToArray() };

    public static object Envelope(params object[] records) => new { source = "client", records };
}
