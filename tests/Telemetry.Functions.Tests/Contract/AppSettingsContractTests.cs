using System.Text.Json.Nodes;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>
/// The app settings the Bicep gives the function app are exactly what the host and the service read, and the
/// sample local settings hold everything a developer needs.
/// </summary>
public sealed class AppSettingsContractTests
{
    // Read by the Functions host itself, not by the service.
    private static readonly string[] HostOnlySettings =
    [
        "AzureWebJobsStorage__blobServiceUri", // host leases and keys; the service uses queues and tables only
        "APPLICATIONINSIGHTS_CONNECTION_STRING", // the host's telemetry target
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", // Entra ID ingestion (App Insights has local auth off)
    ];

    // Service settings that Azure leaves at their defaults, each with the reason.
    private static readonly string[] LeftAtDefaultInAzure =
    [
        // The in-process queue workers run only without the Functions host; in Azure the host triggers the queue functions.
        .. ServiceSettings.Telemetry.Where(s => s.StartsWith("Telemetry__QueueWorkers__", StringComparison.Ordinal)),
    ];

    private static readonly BicepFile FunctionApp = BicepFile.Load("infra/modules/functionapp.bicep");

    private static IReadOnlyList<string> BicepSettings { get; } = ReadBicepSettings();

    [Fact]
    public void Every_setting_the_service_reads_is_set_by_the_bicep()
    {
        var required = ServiceSettings.Telemetry.Except(LeftAtDefaultInAzure).Concat(ServiceSettings.StorageIdentity);

        Assert.Empty(required.Except(BicepSettings));
    }

    [Fact]
    public void The_bicep_sets_nothing_that_neither_the_service_nor_the_host_reads()
    {
        var read = ServiceSettings.Telemetry.Concat(ServiceSettings.StorageIdentity).Concat(HostOnlySettings);

        Assert.Empty(BicepSettings.Except(read));
        Assert.Equal(BicepSettings.Count, BicepSettings.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Only_the_standalone_queue_worker_settings_are_left_at_their_defaults()
    {
        Assert.NotEmpty(LeftAtDefaultInAzure);
        Assert.Empty(LeftAtDefaultInAzure.Intersect(BicepSettings));
    }

    [Fact]
    public void Storage_is_reached_with_the_managed_identity_and_never_with_a_connection_string()
    {
        Assert.DoesNotContain("AzureWebJobsStorage", BicepSettings);
        Assert.Contains("value: 'managedidentity'", Setting("AzureWebJobsStorage__credential"), StringComparison.Ordinal);
        Assert.Contains("identity.properties.clientId", Setting("AzureWebJobsStorage__clientId"), StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", FunctionApp.Text, StringComparison.Ordinal); // Flex: functionAppConfig.runtime
    }

    [Fact]
    public void The_admin_and_pseudonymization_keys_are_key_vault_references()
    {
        Assert.Contains("'@Microsoft.KeyVault(SecretUri=", Setting("Telemetry__AdminKey"), StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri=", Setting("Telemetry__Pseudonymization__Keys__"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_local_settings_run_the_custom_handler_against_azurite_with_every_required_setting()
    {
        var sample = RepositoryFiles.ReadJsonObject("local.settings.sample.json");
        var values = sample["Values"]!.AsObject();

        Assert.False((bool?)sample["IsEncrypted"]);
        Assert.Equal("custom", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.All(values, pair => Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKind(pair.Value)));

        var telemetrySettings = values.Select(pair => pair.Key).Where(k => k.StartsWith("Telemetry__", StringComparison.Ordinal)).ToList();
        Assert.Contains("Telemetry__AdminKey", telemetrySettings);
        Assert.Contains("Telemetry__Pseudonymization__CurrentKey", telemetrySettings);
        var current = (string?)values["Telemetry__Pseudonymization__CurrentKey"];
        Assert.Contains($"Telemetry__Pseudonymization__Keys__{current}", telemetrySettings);
        Assert.All(telemetrySettings, setting => Assert.Contains(Wildcard(setting), ServiceSettings.Telemetry));
    }

    [Fact]
    public void The_sample_secrets_say_they_are_for_development_only()
    {
        var values = RepositoryFiles.ReadJsonObject("local.settings.sample.json")["Values"]!.AsObject();

        Assert.Contains("development-only", (string?)values["Telemetry__AdminKey"], StringComparison.Ordinal);
        foreach (var (name, value) in values.Where(pair => pair.Key.StartsWith("Telemetry__Pseudonymization__Keys__", StringComparison.Ordinal)))
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string?)value ?? ""));
            Assert.True(decoded.StartsWith("development-only", StringComparison.Ordinal), $"{name} should decode to a development-only marker.");
            Assert.True(decoded.Length >= 32, $"{name} must be at least 32 bytes.");
        }
    }

    // Telemetry__Pseudonymization__Keys__v1 is an instance of Telemetry__Pseudonymization__Keys__*.
    private static string Wildcard(string setting) =>
        ServiceSettings.Telemetry.FirstOrDefault(s => s.EndsWith("__*", StringComparison.Ordinal) && setting.StartsWith(s[..^1], StringComparison.Ordinal))
        ?? setting;

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) =>
        node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;

    // The name/value pair of one setting as written in the Bicep.
    private static string Setting(string namePrefix)
    {
        var start = FunctionApp.Text.IndexOf($"name: '{namePrefix}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The Bicep sets no {namePrefix} setting.");
        var end = FunctionApp.Text.IndexOf('}', FunctionApp.Text.IndexOf("value:", start, StringComparison.Ordinal));
        return FunctionApp.Text[start..end];
    }

    // Every name in the variables that functionAppConfig's siteConfig.appSettings is made of.
    private static List<string> ReadBicepSettings()
    {
        var appSettings = FunctionApp.Lines.Single(l => l.TrimStart().StartsWith("appSettings:", StringComparison.Ordinal));
        var variables = appSettings[(appSettings.IndexOf('(', StringComparison.Ordinal) + 1)..appSettings.LastIndexOf(')')]
            .Split(',', StringSplitOptions.TrimEntries);
        return variables.SelectMany(v => BicepFile.NameValues(FunctionApp.Block($"var {v} = ["))).ToList();
    }
}
