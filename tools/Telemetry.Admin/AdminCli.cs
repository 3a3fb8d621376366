using System.CommandLine;
using System.Text.Json;
using Telemetry.Admin.Commands;

namespace Telemetry.Admin;

/// <summary>The <c>telemetry-admin</c> command line: tenants, keys, the two policy switches, the audit trail, what is collected.</summary>
internal static class AdminCli
{
    /// <summary>Runs one command line; returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="environment">Reads an environment variable (the process's own, or a test's).</param>
    /// <param name="handler">Sends the HTTP requests; null for a default one.</param>
    /// <param name="terminal">Where a person types a confirmation; null when input is not a terminal (nobody to ask).</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler = null,
        TextReader? terminal = null, CancellationToken cancellationToken = default)
    {
        var root = Build(environment, handler, error, terminal);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}");
            }

            await error.WriteLineAsync("Run with --help to see the commands and their options.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    internal static RootCommand Build(Func<string, string?> environment, HttpMessageHandler? handler, TextWriter error, TextReader? terminal = null)
    {
        var root = new RootCommand("Administer the telemetry service: tenants, ingestion keys, DisableAutomaticSendTracing, MeetingUxEnableTelemetry and the audit trail.");
        GlobalOptions.AddTo(root);
        var run = new Runner(environment, handler, error, terminal);
        root.Subcommands.Add(TenantCommands.Build(run));
        root.Subcommands.Add(KeyCommands.Build(run));
        root.Subcommands.Add(PolicyCommands.BuildTenant(run));
        root.Subcommands.Add(PolicyCommands.BuildPool(run));
        root.Subcommands.Add(AuditCommand.Build(run));
        root.Subcommands.Add(CollectsCommand.Build(run));
        return root;
    }
}

/// <summary>Runs a command's body with its context and turns a <see cref="CliException"/> into its message and exit code.</summary>
internal sealed class Runner(Func<string, string?> environment, HttpMessageHandler? handler, TextWriter error, TextReader? terminal)
{
    /// <summary>Where a person types a confirmation; null when there is no terminal to ask.</summary>
    public TextReader? Terminal => terminal;

    public void Handle(Command command, Func<CliContext, ParseResult, CancellationToken, Task> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            try
            {
                using var context = CliContext.Create(parse, environment, handler);
                await body(context, parse, cancellationToken);
                return ExitCodes.Ok;
            }
            catch (CliException ex)
            {
                await error.WriteLineAsync(json ? JsonSerializer.Serialize(ex.Details, JsonSerializerOptions.Web) : $"error: {ex.Message}");
                return ex.ExitCode;
            }
        });
}
