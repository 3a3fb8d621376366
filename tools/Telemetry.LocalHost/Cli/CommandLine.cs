using System.Globalization;

namespace Telemetry.LocalHost.Cli;

/// <summary>The command line, with Core Tools' option names where it has them (<c>func start --port --cors</c>).</summary>
internal sealed record CommandLine(
    string ScriptRoot,
    int? Port,
    string? Cors,
    bool? CorsCredentials,
    string? SettingsFile,
    bool Verbose,
    bool Help)
{
    public const string Usage = """
        Runs a .NET isolated-worker function app's build as the Azure Functions host does (for machines without Core Tools).

        Usage: dotnet Telemetry.LocalHost.dll [--script-root <folder>] [options]

          --script-root <folder>     The app's build output (host.json, worker.config.json). Default: the current folder.
          -p, --port <number>        The HTTP port. Default: local.settings.json Host.LocalHttpPort, else 7071; 0 picks a free one.
          --cors <origins>           Allowed CORS origins, comma-separated, or *. Default: local.settings.json Host.CORS.
          --cors-credentials         Allow cross-origin requests with credentials. Default: Host.CORSCredentials.
          --settings-file <path>     The settings file to read. Default: local.settings.json in the script root, if any.
          --verbose                  Also log the protocol messages and the worker's framework logs.
          -h, --help                 Show this help.

        Settings: local.settings.json Values, overridden by environment variables of the same name.
        Not emulated: function keys (authLevel is not enforced), Azure's platform CORS, scaling, Application Insights.
        Stop with Ctrl-C or SIGTERM: the worker gets WorkerTerminate and is stopped with the host.
        """;

    /// <exception cref="FormatException">An option is unknown or lacks its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new CommandLine(Directory.GetCurrentDirectory(), null, null, null, null, false, false);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new FormatException($"{arg} needs a value.");

            result = arg switch
            {
                "--script-root" => result with { ScriptRoot = Value() },
                "-p" or "--port" => result with { Port = ParsePort(Value()) },
                "--cors" => result with { Cors = Value() },
                "--cors-credentials" => result with { CorsCredentials = ParseFlag(args, ref i) },
                "--settings-file" => result with { SettingsFile = Value() },
                "--verbose" => result with { Verbose = true },
                "-h" or "--help" or "-?" => result with { Help = true },
                _ => throw new FormatException($"Unknown option {arg}."),
            };
        }

        return result;
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"--port must be a number from 0 to 65535 (found {text}).");

    // A bare flag means true; "true" or "false" may follow it.
    private static bool ParseFlag(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 < args.Count && bool.TryParse(args[i + 1], out var value))
        {
            i++;
            return value;
        }

        return true;
    }
}
