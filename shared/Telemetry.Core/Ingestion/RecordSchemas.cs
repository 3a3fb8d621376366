namespace Telemetry.Core;

/// <summary>The allow-lists of the contract's record field table (README, "The request"): a field not listed here rejects the record.</summary>
internal static class RecordSchemas
{
    public const string Id = "id";
    public const string Timestamp = "timestamp";
    public const string UserOptIn = "userOptIn";
    public const string Kind = "kind";
    public const string Platform = "platform";

    private static readonly FieldRule[] Census =
    [
        new(Id, FieldType.Guid, FieldPresence.Required),
        new(Timestamp, FieldType.Timestamp, FieldPresence.Required),
        new("appName", FieldType.Text, FieldPresence.Required),
        new("deviceModel", FieldType.Text, FieldPresence.Required),
        new("osName", FieldType.Text, FieldPresence.Required),
        new("osVersion", FieldType.Text, FieldPresence.Required),
        new("userLanguage", FieldType.Text, FieldPresence.Required),
        new("userId", FieldType.ClientHash, FieldPresence.Required) { Pseudonymized = true },
        new("deviceId", FieldType.Guid, FieldPresence.Required),
        new("appVersion", FieldType.Text),
        new("signInAttempts", FieldType.Count),
        new("signInFailures", FieldType.Count),
    ];

    private static readonly FieldRule[] Usage =
    [
        new(Id, FieldType.Guid, FieldPresence.Required),
        new(Timestamp, FieldType.Timestamp, FieldPresence.Required),
        new("appName", FieldType.Text, FieldPresence.Required),
        new("appVersion", FieldType.Text),
        new("imSent", FieldType.Count),
        new("imReceived", FieldType.Count),
        new("callsMade", FieldType.Count),
        new("meetingJoinAttempts", FieldType.Count),
        new("meetingJoinSuccesses", FieldType.Count),
        new("callMinutes", FieldType.Count),
        new("meetingMinutes", FieldType.Count),
        new("federationPartner", FieldType.Text) { MaxLength = 253 },
        new("features", FieldType.Counts),
        new("stabilityIssues", FieldType.Count),
    ];

    private static readonly FieldRule[] Errors =
    [
        new(Id, FieldType.Guid, FieldPresence.Required),
        new(Timestamp, FieldType.Timestamp, FieldPresence.Required),
        new("appName", FieldType.Text, FieldPresence.Required),
        new("errorCode", FieldType.Text, FieldPresence.Required),
        new(UserOptIn, FieldType.Boolean, FieldPresence.RequiredFromClientsOnly),
        new("appVersion", FieldType.Text),
        new(Kind, FieldType.Choice) { Allowed = ["error", "crash"] },
        new(Platform, FieldType.Choice) { Allowed = ["windows", "mac", "ios", "android", "web", "linux"] },
        new("messageDirection", FieldType.Choice) { Allowed = ["Incoming", "Outgoing"] },
        new("conversationState", FieldType.Text),
        new("conversationThreadId", FieldType.Text),
        new("userId", FieldType.Text) { Pseudonymized = true },
        new("sipUri", FieldType.Text) { Pseudonymized = true },
        new("ipAddress", FieldType.IpAddress) { Pseudonymized = true },
        new("errorMessage", FieldType.Text) { MaxLength = 8 * 1024, LengthInUtf8Bytes = true },
        new("exception", FieldType.Text) { MaxLength = 16 * 1024, LengthInUtf8Bytes = true },
        new("networkQuality", FieldType.FlatObject),
        new("deviceConfiguration", FieldType.FlatObject),
    ];

    /// <summary>The position of a JSON property's rule in <paramref name="schema"/>, or -1 when the schema does not define it.</summary>
    public static int Find(FieldRule[] schema, System.Text.Json.JsonProperty property)
    {
        for (var slot = 0; slot < schema.Length; slot++)
        {
            if (property.NameEquals(schema[slot].Utf8Name))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>The allow-list of a category (at most 64 fields, so a bit mask can track which were seen).</summary>
    public static FieldRule[] For(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => Census,
        TelemetryCategory.Usage => Usage,
        TelemetryCategory.Errors => Errors,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown telemetry category."),
    };
}
