using System.Text.Json.Nodes;
using Telemetry.Functions.Middleware;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>One function as the Worker SDK's generated functions.metadata describes it to the host.</summary>
internal sealed record FunctionEntry(string Name, string EntryPoint, JsonObject Trigger)
{
    public string TriggerType => (string)Trigger["type"]!;

    public string? Route => (string?)Trigger["route"];

    public IReadOnlyList<string> Methods => [.. (Trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant()).Order(StringComparer.Ordinal)];

    public string? AuthLevel => (string?)Trigger["authLevel"];

    /// <summary>The class that holds the function, found the way the worker's middleware finds it.</summary>
    public Type Class => typeof(RequiresAdminKeyAttribute).Assembly.GetType(EntryPoint[..EntryPoint.LastIndexOf('.')], throwOnError: true)!;
}

/// <summary>functions.metadata of the app's build output: what the host indexes.</summary>
internal static class FunctionMetadata
{
    public static IReadOnlyList<FunctionEntry> All { get; } = Load();

    public static IEnumerable<FunctionEntry> Http => All.Where(f => f.TriggerType == "httpTrigger");

    public static IEnumerable<FunctionEntry> Queue => All.Where(f => f.TriggerType == "queueTrigger");

    private static List<FunctionEntry> Load()
    {
        var text = File.ReadAllText(Path.Combine(TelemetryApp.AppDirectory, "functions.metadata"));
        return [.. JsonNode.Parse(text)!.AsArray().Select(node => node!.AsObject()).Select(function => new FunctionEntry(
            (string)function["name"]!,
            (string)function["entryPoint"]!,
            function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal))))];
    }
}
