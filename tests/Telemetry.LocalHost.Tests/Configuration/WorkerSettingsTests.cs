using System.Net;
using System.Net.Http.Json;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Configuration;

public sealed class WorkerSettingsTests
{
    [Fact]
    public async Task TheWorkerSeesTheSettingsInCoreToolsOrderAndTheHostsVariables()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var fromEnvironment = $"LocalHostTestEnv{unique}";
        var settingsFile = Path.Combine(Directory.CreateTempSubdirectory("localhost-settings-").FullName, "local.settings.json");
        await File.WriteAllTextAsync(settingsFile, $$"""
            { "Values": { "FromFile": "file", "{{fromEnvironment}}": "file", "Removed": "file", "Overridden": "file" } }
            """);
        Environment.SetEnvironmentVariable(fromEnvironment, "environment");
        try
        {
            await using var app = await SampleHost.StartAsync(
                settings: s =>
                {
                    s["Overridden"] = "explicit";
                    s["Removed"] = null;
                },
                options: o => new LocalHostOptions { ScriptRoot = o.ScriptRoot, Port = 0, Settings = o.Settings, LocalSettingsPath = settingsFile });

            Assert.Equal("file", await SettingAsync(app, "FromFile"));
            Assert.Equal("environment", await SettingAsync(app, fromEnvironment));
            Assert.Equal("explicit", await SettingAsync(app, "Overridden"));
            Assert.Null(await SettingAsync(app, "Removed"));
            Assert.Equal("dotnet-isolated", await SettingAsync(app, "FUNCTIONS_WORKER_RUNTIME"));
            Assert.Equal("Development", await SettingAsync(app, "AZURE_FUNCTIONS_ENVIRONMENT"));
            Assert.Equal(SampleApp.Directory.TrimEnd('/'), (await SettingAsync(app, "FUNCTIONS_APPLICATION_DIRECTORY"))!.TrimEnd('/'));
            Assert.Equal(SampleApp.Directory.TrimEnd('/'), (await SettingAsync(app, "FUNCTIONS_WORKER_DIRECTORY"))!.TrimEnd('/'));
            Assert.Equal(app.Host.BaseAddress.Authority, await SettingAsync(app, "WEBSITE_HOSTNAME"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(fromEnvironment, null);
        }
    }

    [Fact]
    public async Task WithoutTheEnvironmentTheWorkerGetsOnlyTheSettingsAndWhatAProcessNeeds()
    {
        var variable = $"LocalHostTestEnv{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "environment");
        try
        {
            await using var app = await SampleHost.StartAsync(options: o => new LocalHostOptions
            {
                ScriptRoot = o.ScriptRoot,
                Port = 0,
                ReadLocalSettings = false,
                InheritEnvironment = false,
                Settings = o.Settings,
            });

            Assert.Null(await SettingAsync(app, variable));
            Assert.NotNull(await SettingAsync(app, "PATH"));
            Assert.Equal(app.Queues.Record, await SettingAsync(app, "RecordQueue"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AWorkerRuntimeOtherThanDotnetIsolatedIsRefused()
    {
        var error = await Assert.ThrowsAsync<LocalHostStartException>(() =>
            SampleHost.StartAsync(settings: s => s["FUNCTIONS_WORKER_RUNTIME"] = "node"));

        Assert.Equal(
            "FUNCTIONS_WORKER_RUNTIME is 'node', but the local host runs .NET isolated worker apps only: set it to 'dotnet-isolated' (in local.settings.json Values or the environment).",
            error.Message);
    }

    private static async Task<string?> SettingAsync(SampleHost app, string name)
    {
        using var response = await app.Http.GetAsync($"api/settings/{name}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["value"];
    }
}
