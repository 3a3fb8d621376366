using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Worker;

/// <summary>A worker that went through the init sequence: its process, its stream and the functions it loaded.</summary>
internal sealed class WorkerSession(
    WorkerProcess process,
    WorkerChannel channel,
    Uri? httpUri,
    IReadOnlyList<FunctionDescriptor> functions,
    IReadOnlySet<string> loaded)
{
    private readonly Dictionary<string, FunctionDescriptor> _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public WorkerProcess Process => process;

    public WorkerChannel Channel => channel;

    /// <summary>Where the worker's ASP.NET Core integration listens; null when the app does not use it.</summary>
    public Uri? HttpUri => httpUri;

    public IReadOnlyList<FunctionDescriptor> Functions => functions;

    public DateTimeOffset ReadyAt { get; } = DateTimeOffset.UtcNow;

    public bool IsAlive => !process.HasExited && channel.IsOpen;

    /// <summary>Completes when the process exits or its stream closes.</summary>
    public Task Ended => Task.WhenAny(process.Exited, channel.Closed);

    /// <summary>The id this worker gave the function, when the function loaded.</summary>
    public string? FunctionId(string name) =>
        _byName.TryGetValue(name, out var function) && loaded.Contains(function.FunctionId) ? function.FunctionId : null;

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request) => channel.InvokeAsync(request);
}
