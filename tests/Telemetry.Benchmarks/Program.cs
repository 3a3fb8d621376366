using BenchmarkDotNet.Running;

// Every benchmark reports per record (OperationsPerInvoke = records per body), so "Op/s" reads as
// events per second and "Ratio" compares with parsing the same body into a JsonDocument.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Telemetry.Benchmarks.EventsConfig.Create());
