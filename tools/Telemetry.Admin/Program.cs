using Telemetry.Admin;

// A confirmation is asked only of a person at a terminal; piped input never confirms anything.
return await AdminCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, terminal: Console.IsInputRedirected ? null : Console.In);
