using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Telemetry.Functions.Tests.Support;
using Telemetry.LocalHost;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>scripts/package.sh, run once for this class: the zip Flex Consumption deploys, and that it runs.</summary>
public sealed class PackageTests(PackageTests.Package package) : IClassFixture<PackageTests.Package>
{
    [Fact]
    public void TheZipHoldsExactlyThePublishOutputWithTheFilesTheHostReadsAtItsRoot()
    {
        var files = Directory.EnumerateFiles(package.AppFolder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(package.AppFolder, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        using var zip = ZipFile.OpenRead(package.Zip);
        var entries = zip.Entries.Where(entry => !entry.FullName.EndsWith('/')).Select(entry => entry.FullName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, entries);
        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains("worker.config.json", entries);
        Assert.Contains("Telemetry.Functions.dll", entries);
        Assert.Contains(entries, entry => entry.StartsWith(".azurefunctions/", StringComparison.Ordinal) && entry.EndsWith(".dll", StringComparison.Ordinal));
        Assert.DoesNotContain("local.settings.json", entries);
    }

    [Fact]
    public void ThePackagedConfigurationIsTheAppsOwn()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppFolder, "host.json")));
        var workerConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppFolder, "worker.config.json")))!;
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppFolder, "functions.metadata")))!.AsArray();

        Assert.True(JsonNode.DeepEquals(RepositoryFiles.ReadJsonObject("functions/Telemetry.Functions/host.json"), hostJson));
        Assert.Equal("Telemetry.Functions.dll", (string?)workerConfig["description"]?["defaultWorkerPath"]);
        Assert.Equal(FunctionMetadata.All.Select(f => f.Name).Order(StringComparer.Ordinal), metadata.Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheUnzippedPackageRunsAndAnswersHealth()
    {
        var unzipped = Directory.CreateTempSubdirectory("telemetry-package-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(package.Zip, unzipped);
            var azurite = await AzuriteServer.SharedAsync();
            await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
            {
                ScriptRoot = unzipped,
                Port = 0,
                ReadLocalSettings = false,
                InheritEnvironment = false,
                Settings = TelemetryApp.DefaultSettings(azurite),
            });
            using var client = new HttpClient { BaseAddress = host.BaseAddress };

            await Eventually.TrueAsync(async () => (await client.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(unzipped, recursive: true);
        }
    }

    /// <summary>The package, built once into a folder of its own.</summary>
    public sealed class Package : IDisposable
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);
        private readonly string _output = Directory.CreateTempSubdirectory("telemetry-package-out-").FullName;

        public Package()
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("scripts/package.sh");
            start.ArgumentList.Add(_output);

            // The test run's own MSBuild settings must not leak into the publish.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_HOST", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Deadline))
            {
                process.Kill();
                throw new TimeoutException($"package.sh did not finish within {Deadline.TotalMinutes} minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"package.sh failed ({process.ExitCode}):\n{output.Result}\n{errors.Result}");
            }
        }

        public string AppFolder => Path.Combine(_output, "app");

        public string Zip => Path.Combine(_output, "telemetry-functions.zip");

        public void Dispose() => Directory.Delete(_output, recursive: true);
    }
}
