using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Telemetry.Testing;

/// <summary>Finds Azurite in node_modules and starts it under a small node guard.</summary>
internal sealed class AzuriteLauncher(string nodeModules)
{
    public string NodeModules => nodeModules;

    // The guard runs Azurite as its child and kills it when its stdin closes, which happens when the test
    // process dies in any way (even killed hard), so no emulator outlives the tests. In-memory Azurite has
    // nothing to flush, and SIGKILL also ends it when it is stopped.
    private const string Guard =
        "const cp=require('child_process');" +
        "const c=cp.spawn(process.execPath,process.argv.slice(1),{stdio:['ignore','inherit','inherit']});" +
        "const stop=()=>{try{c.kill('SIGKILL')}catch{}};" +
        "process.stdin.on('end',stop);process.stdin.on('close',stop);process.stdin.on('error',stop);process.stdin.resume();" +
        "process.on('SIGTERM',()=>{stop();process.exit(143)});" +
        "c.on('exit',code=>process.exit(code??1));";

    private static readonly ConditionalWeakTable<Process, ConcurrentQueue<string>> Outputs = new();

    public static AzuriteLauncher Locate(string? startDirectory = null)
    {
        startDirectory ??= AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "node_modules", ".bin");
            if (File.Exists(Path.Combine(bin, "azurite")) || File.Exists(Path.Combine(bin, "azurite.cmd")))
            {
                return new AzuriteLauncher(Path.Combine(dir.FullName, "node_modules"));
            }
        }

        throw new InvalidOperationException(
            $"Azurite was not found in any node_modules above {startDirectory}. " +
            "Run `npm ci --no-audit --no-fund` in the repository root first.");
    }

    public static string Output(Process process) =>
        Outputs.TryGetValue(process, out var lines) ? string.Join(Environment.NewLine, lines.TakeLast(20)) : string.Empty;

    public Process Start(AzuritePorts ports)
    {
        // A scratch working directory: Azurite keeps nothing on disk in memory mode, but never litters the repo.
        var workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])
        [
            "-e", Guard, AzuriteScript(),
            "--inMemoryPersistence", "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var output = Outputs.GetOrCreateValue(process);
        process.OutputDataReceived += (_, e) => Remember(output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        process.Exited += (_, _) => TryDelete(workspace);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js (`node`) must be on PATH to run Azurite.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private string AzuriteScript()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(nodeModules, "azurite", "package.json")));
        var relative = package.RootElement.GetProperty("bin").GetProperty("azurite").GetString()
            ?? throw new InvalidOperationException("node_modules/azurite/package.json names no azurite binary.");
        return Path.GetFullPath(Path.Combine(nodeModules, "azurite", relative));
    }

    private static void Remember(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 50 && output.TryDequeue(out _))
        {
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
