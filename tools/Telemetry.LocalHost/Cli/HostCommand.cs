using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Telemetry.LocalHost.Cli;

/// <summary>The console tool: a thin shell over <see cref="LocalFunctionsHost"/> that runs until Ctrl-C or SIGTERM.</summary>
internal static class HostCommand
{
    public const int Succeeded = 0;
    public const int StartFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        CommandLine command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"{ex.Message} See --help.").ConfigureAwait(false);
            return UsageError;
        }

        if (command.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return Succeeded;
        }

        using var loggerFactory = CreateLoggerFactory(command.Verbose);
        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext context)
        {
            // Stop gracefully instead of letting the runtime end the process.
            context.Cancel = true;
            stop.Cancel();
        }

        var options = new LocalHostOptions
        {
            ScriptRoot = command.ScriptRoot,
            Port = command.Port,
            CorsOrigins = command.Cors,
            CorsCredentials = command.CorsCredentials,
            LocalSettingsPath = command.SettingsFile,
            WorkerFrameworkLogLevel = command.Verbose ? LogLevel.Information : LogLevel.Warning,
        };

        LocalFunctionsHost host;
        try
        {
            host = await LocalFunctionsHost.StartAsync(options, loggerFactory, stop.Token).ConfigureAwait(false);
        }
        catch (LocalHostStartException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return StartFailed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Succeeded;
        }

        await using (host.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await host.StopAsync().ConfigureAwait(false);
        }

        return Succeeded;
    }

    private static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        if (verbose)
        {
            logging.AddFilter("Telemetry.LocalHost", LogLevel.Debug);
            logging.AddFilter("Microsoft", LogLevel.Information);
        }

        logging.AddConsole(console =>
        {
            console.FormatterName = HostConsoleFormatter.Name;
            // Under load a slow console drops lines rather than holding up requests.
            console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
            console.MaxQueueLength = 10_000;
        });
        logging.AddConsoleFormatter<HostConsoleFormatter, ConsoleFormatterOptions>();
    });
}
