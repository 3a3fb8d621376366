using System.Text.Json;

namespace Telemetry.LocalHost.Functions;

/// <summary>A function's trigger binding, read from the raw binding JSON the worker reports.</summary>
internal sealed record TriggerBinding(string Name, string Type, JsonElement Raw)
{
    public const string HttpTrigger = "httpTrigger";
    public const string QueueTrigger = "queueTrigger";
    public const string DefaultConnection = "AzureWebJobsStorage";

    public bool IsHttp => Type.Equals(HttpTrigger, StringComparison.OrdinalIgnoreCase);

    public bool IsQueue => Type.Equals(QueueTrigger, StringComparison.OrdinalIgnoreCase);

    public string? Route => Text("route");

    public IReadOnlyList<string> Methods =>
        Property("methods") is { ValueKind: JsonValueKind.Array } methods
            ? methods.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!.ToUpperInvariant()).ToArray()
            : [];

    public string? AuthLevel => Text("authLevel");

    public string? QueueName => Text("queueName");

    public string Connection => Text("connection") is { Length: > 0 } connection ? connection : DefaultConnection;

    public string? DataType => Text("dataType");

    /// <summary>The worker binds SDK types (QueueMessage, BinaryData) from model binding data when it says so.</summary>
    public bool SupportsDeferredBinding =>
        Property("properties") is { ValueKind: JsonValueKind.Object } properties &&
        Find(properties, "supportsDeferredBinding") is { } flag &&
        (flag.ValueKind == JsonValueKind.True || (flag.ValueKind == JsonValueKind.String && bool.TryParse(flag.GetString(), out var on) && on));

    /// <summary>The first inbound binding whose type ends in "Trigger", or null.</summary>
    public static TriggerBinding? Find(IEnumerable<string> rawBindings)
    {
        foreach (var raw in rawBindings)
        {
            JsonElement binding;
            try
            {
                using var document = JsonDocument.Parse(raw);
                binding = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            if (binding.ValueKind != JsonValueKind.Object ||
                Find(binding, "type") is not { ValueKind: JsonValueKind.String } type ||
                !type.GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) ||
                (Find(binding, "direction") is { ValueKind: JsonValueKind.String } direction &&
                 !direction.GetString()!.Equals("In", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var name = Find(binding, "name") is { ValueKind: JsonValueKind.String } n ? n.GetString()! : string.Empty;
            return new TriggerBinding(name, type.GetString()!, binding);
        }

        return null;
    }

    private JsonElement? Property(string name) => Find(Raw, name);

    private string? Text(string name) => Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    // Binding JSON property names are matched ignoring case, as the host's reader does.
    private static JsonElement? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
