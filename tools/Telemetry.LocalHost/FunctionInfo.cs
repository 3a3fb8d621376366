namespace Telemetry.LocalHost;

/// <summary>A function the worker reported, as the local host serves it.</summary>
/// <param name="Name">The function name (<c>[Function("Name")]</c>).</param>
/// <param name="TriggerType">The trigger binding type: <c>httpTrigger</c>, <c>queueTrigger</c>, or another the local host does not serve.</param>
/// <param name="Route">For HTTP functions, the route template with the route prefix (<c>api/tenants/{tenantId}</c>).</param>
/// <param name="Methods">For HTTP functions, the allowed methods in upper case; empty means all.</param>
/// <param name="AuthLevel">For HTTP functions, the declared authorization level (not enforced locally).</param>
/// <param name="QueueName">For queue functions, the queue name with <c>%Setting%</c> references resolved.</param>
/// <param name="Connection">For queue functions, the name of the connection setting.</param>
/// <param name="IsDisabled">Whether <c>AzureWebJobs.{Name}.Disabled</c> is set: no listener, and its route answers 404.</param>
public sealed record FunctionInfo(
    string Name,
    string TriggerType,
    string? Route,
    IReadOnlyList<string> Methods,
    string? AuthLevel,
    string? QueueName,
    string? Connection,
    bool IsDisabled);
