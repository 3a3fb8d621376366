using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The app settings of local.settings.sample.json, pointed at a given storage account.</summary>
internal static class LocalSettings
{
    public static IReadOnlyDictionary<string, string> SampleValues { get; } =
        RepositoryFiles.ReadJsonObject("local.settings.sample.json")["Values"]!.AsObject()
            .ToDictionary(pair => pair.Key, pair => (string?)pair.Value ?? "", StringComparer.Ordinal);

    public static string AdminKey => SampleValues["Telemetry__AdminKey"];

    /// <summary>The sample settings with AzureWebJobsStorage replaced by <paramref name="storageConnectionString"/>.</summary>
    public static Dictionary<string, string> For(string storageConnectionString) =>
        new(SampleValues, StringComparer.Ordinal) { ["AzureWebJobsStorage"] = storageConnectionString };
}
