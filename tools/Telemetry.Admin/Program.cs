using Telemetry.Admin;

return await AdminCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
