using System.Text.Json.Nodes;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>One function folder under functions/definitions: its name and the parsed function.json.</summary>
internal sealed record FunctionDefinition(string Name, JsonObject Json)
{
    public JsonArray Bindings => Json["bindings"]?.AsArray() ?? [];

    public JsonObject Trigger => Bindings.OfType<JsonObject>().Single(b => ((string?)b["direction"]) == "in");

    public bool IsHttp => (string?)Trigger["type"] == "httpTrigger";

    public bool IsQueue => (string?)Trigger["type"] == "queueTrigger";

    /// <summary>The route as the handler sees it: the host's /api prefix in front of the function's route.</summary>
    public string HandlerRoute => HostJson.RoutePrefix + "/" + (string?)Trigger["route"];

    public IReadOnlyList<string> Methods =>
        Trigger["methods"]?.AsArray().Select(m => ((string?)m ?? "").ToUpperInvariant()).ToList() ?? [];
}

/// <summary>Reads every functions/definitions/&lt;Name&gt;/function.json and the root host.json.</summary>
internal static class FunctionDefinitions
{
    public const string Folder = "functions/definitions";

    public static IReadOnlyList<FunctionDefinition> All { get; } = Load();

    public static IEnumerable<FunctionDefinition> Http => All.Where(f => f.IsHttp);

    public static IEnumerable<FunctionDefinition> Queue => All.Where(f => f.IsQueue);

    private static List<FunctionDefinition> Load() =>
        Directory.GetDirectories(RepositoryFiles.PathOf(Folder))
            .Order(StringComparer.Ordinal)
            .Select(directory => new FunctionDefinition(
                Path.GetFileName(directory),
                RepositoryFiles.ReadJsonObject($"{Folder}/{Path.GetFileName(directory)}/function.json")))
            .ToList();
}

/// <summary>The root host.json.</summary>
internal static class HostJson
{
    public static JsonObject Json { get; } = RepositoryFiles.ReadJsonObject("host.json");

    public static string RoutePrefix => (string?)Json["extensions"]?["http"]?["routePrefix"] ?? "api";

    public static JsonObject CustomHandler => Json["customHandler"]?.AsObject()
        ?? throw new InvalidDataException("host.json has no customHandler.");

    public static string ExecutablePath => (string?)CustomHandler["description"]?["defaultExecutablePath"] ?? "";

    public static IReadOnlyList<string> Arguments =>
        CustomHandler["description"]?["arguments"]?.AsArray().Select(a => (string?)a ?? "").ToList() ?? [];

    public static JsonObject Queues => Json["extensions"]?["queues"]?.AsObject()
        ?? throw new InvalidDataException("host.json has no extensions.queues.");
}
