using Telemetry.Functions.Admin;
using Telemetry.Functions.Tenants;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddTenants();

var app = builder.Build();

// The Functions host polls GET / until the handler answers.
app.MapGet("/", () => Results.Ok());
app.MapAdminApi();

app.Run();

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
