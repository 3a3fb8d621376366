using System.Text.Json;

namespace Telemetry.LocalHost.Configuration;

/// <summary>The worker description the Worker SDK writes next to the app (<c>worker.config.json</c>).</summary>
internal sealed record WorkerConfig(
    string Language,
    string ExecutablePath,
    IReadOnlyList<string> Arguments,
    string WorkerPath,
    IReadOnlyList<string> WorkerArguments)
{
    public const string FileName = "worker.config.json";
    public const string IsolatedRuntime = "dotnet-isolated";

    public static WorkerConfig Read(string scriptRoot)
    {
        var path = Path.Combine(scriptRoot, FileName);
        if (!File.Exists(path))
        {
            throw new LocalHostStartException(
                $"{path} does not exist: the script root must be the build output of a .NET isolated function app (Microsoft.Azure.Functions.Worker.Sdk writes it).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var description = document.RootElement.GetProperty("description");
            var language = Text(description, "language") ?? IsolatedRuntime;
            var executable = Text(description, "defaultExecutablePath") ?? "dotnet";
            var workerPath = Text(description, "defaultWorkerPath")
                ?? throw new LocalHostStartException($"{path} names no defaultWorkerPath.");
            return new WorkerConfig(language, executable, List(description, "arguments"), workerPath, List(description, "workerArguments"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LocalHostStartException($"{path} is not a worker description: {ex.Message}", ex);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] List(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : [];
}
