using Telemetry.Functions.Admin;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Development;
using Telemetry.Functions.Health;
using Telemetry.Functions.Http;
using Telemetry.Functions.Ingestion;
using Telemetry.Functions.Policy;
using Telemetry.Functions.Processing;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddTelemetryConfiguration();
builder.Services.AddProblemResponses();
builder.Services.AddIngestion();
builder.AddQueueProcessing();
builder.AddDevelopmentDemo();

var app = builder.Build();
app.UseProblemResponses();
app.MapHealthApi();
app.MapIngestionApi();
app.MapPolicyApi();
app.MapQueueTriggers();
app.MapAdminApi();

app.Run();

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
