using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Telemetry.Functions.Processing;

/// <summary>
/// The Functions host's queue-trigger request: {"Data": {"message": …}, "Metadata": {…}}. The message
/// arrives bound as a string and serialized again, so Data.message is a JSON string whose content may be
/// one more JSON string literal; metadata strings likewise, and DequeueCount is a string.
/// </summary>
public sealed record HostInvocation(string MessageText, string? MessageId, long? DequeueCount)
{
    public const string BindingName = "message";

    /// <summary>Decodes the host's payload; throws <see cref="FormatException"/> when it is not one.</summary>
    public static HostInvocation Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty(BindingName, out var message))
            {
                throw new FormatException("The invocation has no Data.message.");
            }

            var text = message.ValueKind switch
            {
                JsonValueKind.String => Unquote(message.GetString()!),
                JsonValueKind.Object => message.GetRawText(),
                _ => throw new FormatException("Data.message is neither a string nor an object."),
            };
            string? id = null;
            long? dequeueCount = null;
            if (root.TryGetProperty("Metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                id = ReadString(metadata, "Id");
                dequeueCount = long.TryParse(ReadString(metadata, "DequeueCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
            }

            return new HostInvocation(text, id, dequeueCount);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The invocation is not JSON.", exception);
        }
    }

    /// <summary>A string whose content is itself a JSON string literal is decoded once more.</summary>
    private static string Unquote(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"'
            ? JsonSerializer.Deserialize<string>(trimmed) ?? string.Empty
            : value;
    }

    private static string? ReadString(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => Unquote(value.GetString()!),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}

/// <summary>The answer the host expects from a handler: 200, JSON, never an empty body.</summary>
public sealed record HostInvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
