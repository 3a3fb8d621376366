using System.Collections;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Telemetry.Functions.Configuration;
using Telemetry.Services.Storage;

namespace Telemetry.Infra.Tests.Support;

/// <summary>
/// What the function app needs from its environment, read from the app itself where the app says it, so that
/// these tests fail when the app and the template drift apart. This is the only file of the project that knows
/// the app's types: when they move, re-point it.
/// </summary>
internal static class AppContract
{
    /// <summary>The worker model the app is built for (FUNCTIONS_WORKER_RUNTIME of local.settings.sample.json).</summary>
    public static string WorkerRuntime { get; } =
        (string?)JsonNode.Parse(File.ReadAllText(Bicep.PathOf("functions/Telemetry.Functions/local.settings.sample.json")))?["Values"]?["FUNCTIONS_WORKER_RUNTIME"]
        ?? throw new InvalidDataException("local.settings.sample.json names no FUNCTIONS_WORKER_RUNTIME.");

    /// <summary>The identity form of AzureWebJobsStorage that the worker's storage clients read (README, "Settings").</summary>
    public static readonly IReadOnlyList<string> StorageIdentitySettings =
    [
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
    ];

    /// <summary>Settings read by the Functions host rather than by the worker's own code.</summary>
    public static readonly IReadOnlyList<string> HostSettings =
    [
        "AzureWebJobsStorage__blobServiceUri", // the host's leases and keys live in blobs
        "APPLICATIONINSIGHTS_CONNECTION_STRING", // where the host, and the worker's Azure Monitor exporter, send telemetry
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", // Entra ID ingestion with the user-assigned identity
    ];

    /// <summary>The .NET version the app targets, as Flex Consumption names it (net10.0 is "10.0").</summary>
    public static string DotnetVersion { get; } = ReadDotnetVersion();

    /// <summary>The queues the app writes and the host drains, poison queues included.</summary>
    public static IReadOnlyList<string> QueueNames => StorageNames.Queues;

    /// <summary>The tables the app writes and reads.</summary>
    public static IReadOnlyList<string> TableNames => StorageNames.Tables;

    /// <summary>Every Telemetry__* setting the app binds, from its options classes; a dictionary's keys are written __*.</summary>
    public static IReadOnlyList<string> ServiceSettings { get; } =
        [.. Leaves(typeof(TelemetryOptions), TelemetryOptions.SectionName).Order(StringComparer.Ordinal)];

    private static string ReadDotnetVersion()
    {
        var framework = typeof(TelemetryOptions).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException("The app assembly names no target framework.");
        return new FrameworkName(framework).Version.ToString(2);
    }

    private static IEnumerable<string> Leaves(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsPrimitive || propertyType.IsEnum || propertyType == typeof(string) || propertyType == typeof(TimeSpan) || propertyType == typeof(Uri))
            {
                yield return name;
            }
            else if (typeof(IDictionary).IsAssignableFrom(propertyType))
            {
                yield return name + "__*";
            }
            else
            {
                foreach (var leaf in Leaves(propertyType, name))
                {
                    yield return leaf;
                }
            }
        }
    }
}
