using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Telemetry.Infra.Tests.Support;

/// <summary>A template as the compiler wrote it, with the diagnostics it printed.</summary>
internal sealed record CompiledTemplate(JsonObject Template, IReadOnlyList<string> Diagnostics);

/// <summary>The repository's Bicep compiler (restored from NuGet, see infra/Bicep.props), run as CI runs it.</summary>
internal static class Bicep
{
    private static readonly Lazy<CompiledTemplate> MainTemplate = new(() => Build("infra/main.bicep"));

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>infra/main.bicep compiled once per test run.</summary>
    public static CompiledTemplate Main => MainTemplate.Value;

    public static string PathOf(string relativePath) => Path.Combine(RepositoryRoot, relativePath);

    /// <summary>Runs <c>bicep build --stdout</c> on a file of the repository.</summary>
    public static CompiledTemplate Build(string relativePath)
    {
        var compiler = Metadata("BicepPath");
        if (!File.Exists(compiler))
        {
            throw new FileNotFoundException("The Bicep compiler was not restored; build the test project first.", compiler);
        }

        // NuGet extracts the package without the execute bit (the package is the linux-x64 build).
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(compiler);
        if (!OperatingSystem.IsWindows() && !mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(compiler, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in new[] { "build", "--stdout", PathOf(relativePath) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {relativePath} did not finish within 3 minutes.");
        }

        var diagnostics = errors.GetAwaiter().GetResult()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {relativePath} failed:\n{string.Join('\n', diagnostics)}");
        }

        // A parsed node materializes its children on first read; a deep copy has them all, so tests may read it in parallel.
        var template = JsonNode.Parse(output.GetAwaiter().GetResult())?.DeepClone().AsObject()
            ?? throw new InvalidDataException($"bicep build {relativePath} wrote no template.");
        return new CompiledTemplate(template, diagnostics);
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
