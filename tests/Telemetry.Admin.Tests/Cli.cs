using System.Text.Json;
using Telemetry.Testing.Service;

namespace Telemetry.Admin.Tests;

/// <summary>One run of the command line, in process: exit code, stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public JsonElement ErrorJson()
    {
        using var document = JsonDocument.Parse(Error);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout: {Output}{Environment.NewLine}stderr: {Error}";
}

/// <summary>Runs <c>telemetry-admin</c> the way an admin's shell would, with the URL and key in its environment.</summary>
public sealed class Cli(IReadOnlyDictionary<string, string?> environment, string? terminalInput = null)
{
    public static Cli For(RunningService service, string admin = "alice@contoso.com") => new(new Dictionary<string, string?>
    {
        ["TELEMETRY_URL"] = service.BaseUri.ToString(),
        ["TELEMETRY_ADMIN_KEY"] = service.AdminKey,
        ["TELEMETRY_ADMIN_USER"] = admin,
    });

    public Cli With(string name, string? value) => new(new Dictionary<string, string?>(environment) { [name] = value }, terminalInput);

    /// <summary>The same command line at a terminal where a person types <paramref name="input"/>; without it, input is not a terminal.</summary>
    public Cli WithTerminal(string input) => new(environment, input);

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var terminal = terminalInput is null ? null : new StringReader(terminalInput);
        var exitCode = await AdminCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), terminal: terminal);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
