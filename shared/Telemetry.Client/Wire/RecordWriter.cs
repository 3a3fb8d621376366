using System.Globalization;
using System.Text.Json;

namespace Telemetry.Client.Wire;

/// <summary>
/// Writes one record as the compact camelCase JSON of the service's field tables, with the id and timestamp the library chose.
/// System.Text.Json's default escaping is the widest form, so the size measured here bounds the service's own.
/// </summary>
internal static class RecordWriter
{
    public static byte[] Census(Guid id, DateTimeOffset timestamp, CensusRecord record, string userIdHash) => Write(id, timestamp, writer =>
    {
        Text(writer, "appName", Required(record.AppName, nameof(record.AppName)));
        Text(writer, "appVersion", record.AppVersion);
        Text(writer, "deviceModel", Required(record.DeviceModel, nameof(record.DeviceModel)));
        Text(writer, "osName", Required(record.OsName, nameof(record.OsName)));
        Text(writer, "osVersion", Required(record.OsVersion, nameof(record.OsVersion)));
        Text(writer, "userLanguage", Required(record.UserLanguage, nameof(record.UserLanguage)));
        writer.WriteString("userId", userIdHash);
        writer.WriteString("deviceId", record.DeviceId.ToString("D"));
        Count(writer, "signInAttempts", record.SignInAttempts);
        Count(writer, "signInFailures", record.SignInFailures);
    });

    public static byte[] Usage(Guid id, DateTimeOffset timestamp, UsageRecord record) => Write(id, timestamp, writer =>
    {
        Text(writer, "appName", Required(record.AppName, nameof(record.AppName)));
        Text(writer, "appVersion", record.AppVersion);
        Count(writer, "imSent", record.ImSent);
        Count(writer, "imReceived", record.ImReceived);
        Count(writer, "callsMade", record.CallsMade);
        Count(writer, "meetingJoinAttempts", record.MeetingJoinAttempts);
        Count(writer, "meetingJoinSuccesses", record.MeetingJoinSuccesses);
        Count(writer, "callMinutes", record.CallMinutes);
        Count(writer, "meetingMinutes", record.MeetingMinutes);
        Text(writer, "federationPartner", record.FederationPartner);
        if (record.Features is { } features)
        {
            writer.WriteStartObject("features");
            foreach (var (name, count) in features)
            {
                writer.WriteNumber(name, count);
            }

            writer.WriteEndObject();
        }

        Count(writer, "stabilityIssues", record.StabilityIssues);
    });

    /// <summary>An error report; <paramref name="userOptIn"/> is written only for the client source, the one that has the setting.</summary>
    public static byte[] Error(Guid id, DateTimeOffset timestamp, ErrorRecord record, bool? userOptIn) => Write(id, timestamp, writer =>
    {
        Text(writer, "appName", Required(record.AppName, nameof(record.AppName)));
        Text(writer, "errorCode", Required(record.ErrorCode, nameof(record.ErrorCode)));
        if (userOptIn is { } optIn)
        {
            writer.WriteBoolean("userOptIn", optIn);
        }

        Text(writer, "appVersion", record.AppVersion);
        Text(writer, "kind", record.Kind switch { ErrorKind.Crash => "crash", ErrorKind.Error => "error", _ => null });
        Text(writer, "platform", record.Platform?.ToString().ToLowerInvariant());
        Text(writer, "messageDirection", record.MessageDirection?.ToString());
        Text(writer, "conversationState", record.ConversationState);
        Text(writer, "conversationThreadId", record.ConversationThreadId);
        Text(writer, "userId", record.UserId);
        Text(writer, "sipUri", record.SipUri);
        Text(writer, "ipAddress", record.IpAddress);
        Text(writer, "errorMessage", record.ErrorMessage);
        Text(writer, "exception", record.Exception);
        Flat(writer, "networkQuality", record.NetworkQuality);
        Flat(writer, "deviceConfiguration", record.DeviceConfiguration);
    });

    private static byte[] Write(Guid id, DateTimeOffset timestamp, Action<Utf8JsonWriter> fields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id.ToString("D"));
            writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"{name} is required.", name) : value;

    private static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Count(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } count)
        {
            writer.WriteNumber(name, count);
        }
    }

    private static void Flat(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, object>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case string text: writer.WriteString(key, text); break;
                case bool flag: writer.WriteBoolean(key, flag); break;
                case int or long or short or byte or uint or ushort or sbyte: writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case ulong big: writer.WriteNumber(key, big); break;
                case double or float or decimal: writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"{name}.{key} must be a string, a number or a bool.", name);
            }
        }

        writer.WriteEndObject();
    }
}
