using System.Globalization;
using System.Text.Json;

namespace Telemetry.LocalHost.Configuration;

/// <summary>
/// <c>local.settings.json</c> as Core Tools reads it: <c>Values</c> (app settings), <c>Host</c> (local port and
/// CORS) and <c>ConnectionStrings</c> (passed on as <c>ConnectionStrings:{name}</c>).
/// </summary>
internal sealed record LocalSettingsFile(
    IReadOnlyDictionary<string, string> Values,
    int? LocalHttpPort,
    string? Cors,
    bool CorsCredentials)
{
    public const string FileName = "local.settings.json";

    public static readonly LocalSettingsFile Empty = new(new Dictionary<string, string>(), null, null, false);

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads the file; a missing file is no error when <paramref name="required"/> is false.</summary>
    public static LocalSettingsFile Read(string path, bool required)
    {
        if (!File.Exists(path))
        {
            return required
                ? throw new LocalHostStartException($"The settings file {path} does not exist.")
                : Empty;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new LocalHostStartException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LocalHostStartException($"{path} must hold a JSON object.");
            }

            if (TryGet(root, "IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new LocalHostStartException(
                    $"{path} is encrypted (IsEncrypted: true); the local host reads plain values only. Decrypt it with `func settings decrypt` or write the values in clear.");
            }

            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (TryGet(root, "Values", out var valuesElement) && valuesElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in valuesElement.EnumerateObject())
                {
                    if (AsText(property.Value) is { } text)
                    {
                        values[property.Name] = text;
                    }
                }
            }

            if (TryGet(root, "ConnectionStrings", out var connections) && connections.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in connections.EnumerateObject())
                {
                    if (AsText(property.Value) is { } text)
                    {
                        values[$"ConnectionStrings:{property.Name}"] = text;
                    }
                }
            }

            int? port = null;
            string? cors = null;
            var credentials = false;
            if (TryGet(root, "Host", out var host) && host.ValueKind == JsonValueKind.Object)
            {
                if (TryGet(host, "LocalHttpPort", out var portElement) &&
                    int.TryParse(AsText(portElement), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    port = parsed;
                }

                if (TryGet(host, "CORS", out var corsElement))
                {
                    cors = AsText(corsElement);
                }

                if (TryGet(host, "CORSCredentials", out var credentialsElement))
                {
                    credentials = bool.TryParse(AsText(credentialsElement), out var allowed) && allowed;
                }
            }

            return new LocalSettingsFile(values, port, cors, credentials);
        }
    }

    // Property names are matched as Core Tools' JSON reader does: ignoring case.
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
