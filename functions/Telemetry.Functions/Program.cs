using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Options;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Development;
using Telemetry.Functions.Diagnostics;
using Telemetry.Functions.Ingestion;
using Telemetry.Functions.Middleware;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTelemetryMiddleware();
builder.AddTelemetryConfiguration();
builder.AddTelemetryObservability();
builder.Services.AddIngestion();
builder.AddDevelopmentDemo();

try
{
    builder.Build().Run();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // A missing or weak setting: one line per problem, each naming the setting, instead of a stack trace.
    await Console.Error.WriteLineAsync("The function app cannot start:" + string.Concat(invalid.Failures.Select(failure => "\n  " + failure)));
    return 1;
}
