using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Telemetry.LocalHost.Configuration;

namespace Telemetry.LocalHost.Worker;

/// <summary>How to start a worker process: the command from worker.config.json, the host's arguments and environment.</summary>
internal sealed class WorkerLaunch(WorkerConfig config, string scriptRoot, AppSettings settings, bool inheritEnvironment, Uri grpcUri)
{
    /// <summary>The host allows messages of any size; so does the local host.</summary>
    public const int MaxMessageLength = int.MaxValue;

    public const string WorkerDirectoryVariable = "FUNCTIONS_WORKER_DIRECTORY";
    public const string ApplicationDirectoryVariable = "FUNCTIONS_APPLICATION_DIRECTORY";

    private const string GuardVariable = "TELEMETRY_LOCALHOST_PARENT_PIPE";
    private const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";
    private const string GuardAssembly = "Telemetry.LocalHost.WorkerGuard.dll";

    // What any process needs to run when the rest of the environment is not inherited.
    private static readonly string[] EssentialVariables =
    [
        "PATH", "HOME", "USER", "USERPROFILE", "LANG", "LC_ALL", "TMPDIR", "TEMP", "TMP",
        "SystemRoot", "SystemDrive", "windir", "ProgramData", "ProgramFiles", "APPDATA", "LOCALAPPDATA",
    ];

    public string ScriptRoot => scriptRoot;

    public ProcessStartInfo CreateStartInfo(string workerId, string requestId)
    {
        var info = new ProcessStartInfo(ResolveExecutable(config.ExecutablePath))
        {
            WorkingDirectory = scriptRoot,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        foreach (var argument in config.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(ResolveWorkerPath(config.WorkerPath));
        foreach (var argument in config.WorkerArguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The host's arguments, in both forms: older workers read the first, worker 2.x the --functions-* ones.
        var port = grpcUri.Port.ToString(CultureInfo.InvariantCulture);
        var maxLength = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in (string[])
        [
            "--host", grpcUri.Host, "--port", port, "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        ])
        {
            info.ArgumentList.Add(argument);
        }

        var environment = info.Environment;
        if (!inheritEnvironment)
        {
            var keep = environment
                .Where(e => EssentialVariables.Contains(e.Key, StringComparer.OrdinalIgnoreCase) ||
                            e.Key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            environment.Clear();
            foreach (var (key, value) in keep)
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in settings.WorkerEnvironment)
        {
            if (value is null)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }

        environment[WorkerDirectoryVariable] = scriptRoot;
        environment[ApplicationDirectoryVariable] = scriptRoot;
        AddGuard(environment);
        return info;
    }

    // The guard is a startup hook that ends the worker when the host's end of its stdin pipe closes.
    private static void AddGuard(IDictionary<string, string?> environment)
    {
        var guard = Path.Combine(AppContext.BaseDirectory, GuardAssembly);
        if (!File.Exists(guard))
        {
            return;
        }

        environment.TryGetValue(StartupHooksVariable, out var hooks);
        environment[StartupHooksVariable] = string.IsNullOrEmpty(hooks) ? guard : hooks + Path.PathSeparator + guard;
        environment[GuardVariable] = "stdin";
    }

    private string ResolveWorkerPath(string workerPath) =>
        Path.IsPathRooted(workerPath) ? workerPath : Path.Combine(scriptRoot, workerPath);

    private string ResolveExecutable(string executable)
    {
        if (!executable.Equals("dotnet", StringComparison.OrdinalIgnoreCase) &&
            !executable.Equals("dotnet.exe", StringComparison.OrdinalIgnoreCase))
        {
            return Path.IsPathRooted(executable) || !executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? executable
                : Path.Combine(scriptRoot, executable);
        }

        // The muxer that runs this tool is the surest choice; then the one the dotnet CLI names; then PATH's.
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : executable;
    }
}
