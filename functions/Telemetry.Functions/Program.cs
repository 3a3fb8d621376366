var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/", () => Results.Ok());
app.Run();

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
