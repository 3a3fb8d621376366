using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// A start-up failure on demand, as an app whose options do not validate.
if (Environment.GetEnvironmentVariable("SampleFailsAtStart") is { Length: > 0 } reason)
{
    throw new InvalidOperationException(reason);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Build().Run();
