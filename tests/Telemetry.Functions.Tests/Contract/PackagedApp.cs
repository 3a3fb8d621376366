using System.Diagnostics;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>
/// Runs scripts/package.sh once into a private folder: the assembled app root and the zip, exactly what is
/// deployed. Publishing is slow, so only these contract tests do it.
/// </summary>
internal sealed class PackagedApp : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private PackagedApp(string folder, TimeSpan duration)
    {
        Folder = folder;
        PackagingTime = duration;
    }

    public string Folder { get; }

    public string AppRoot => Path.Combine(Folder, "app");

    public string ZipPath => Path.Combine(Folder, "telemetry-functions.zip");

    public TimeSpan PackagingTime { get; }

    public static async Task<PackagedApp> BuildAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "telemetry-package-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryFiles.PathOf("scripts/package.sh"));
        start.ArgumentList.Add(folder);

        // The test host's MSBuild settings must not leak into the publish it starts.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/package.sh did not finish within {Deadline}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/package.sh failed with exit code {process.ExitCode}:\n{await output}\n{await errors}");
        }

        return new PackagedApp(folder, stopwatch.Elapsed);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
