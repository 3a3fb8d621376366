using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>
/// The schemas of a served OpenAPI 3.1 document as JSON Schema 2020-12 (which 3.1 schemas are), so that examples and
/// real answers can be checked against them by an independent validator.
/// </summary>
internal sealed class OpenApiSchemas(JsonObject document)
{
    private const string ComponentSchemas = "#/components/schemas/";

    private readonly JsonNode _definitions = Rewrite(document["components"]!["schemas"]!);

    /// <summary>Null when <paramref name="instance"/> matches <paramref name="schema"/>, else what the validator said.</summary>
    public string? Check(JsonNode schema, JsonNode? instance)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(Rewrite(schema)),
        };
        var built = JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://telemetry.invalid/openapi/{Guid.NewGuid():N}"));
        using var value = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = built.Evaluate(value.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? null : JsonSerializer.Serialize(results.Details?.Where(d => d.Errors is { Count: > 0 }).Select(d => new
        {
            at = d.InstanceLocation.ToString(),
            schema = d.EvaluationPath.ToString(),
            errors = d.Errors,
        }));
    }

    /// <summary>An OpenAPI component reference resolved in the document, or the node itself.</summary>
    public JsonNode Resolve(JsonNode node) =>
        node is JsonObject obj && obj["$ref"] is JsonValue reference && ((string)reference!).StartsWith("#/components/", StringComparison.Ordinal)
            ? Resolve(((string)reference!)[2..].Split('/').Aggregate((JsonNode)document, (at, segment) => at[segment]!))
            : node;

    private static JsonNode Rewrite(JsonNode node)
    {
        var copy = node.DeepClone();
        foreach (var reference in Descendants(copy).OfType<JsonObject>().Where(o => o["$ref"] is JsonValue).ToList())
        {
            var target = (string)reference["$ref"]!;
            if (target.StartsWith(ComponentSchemas, StringComparison.Ordinal))
            {
                reference["$ref"] = "#/$defs/" + target[ComponentSchemas.Length..];
            }
        }

        return copy;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
