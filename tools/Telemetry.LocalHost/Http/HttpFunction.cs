namespace Telemetry.LocalHost.Http;

/// <summary>An HTTP-triggered function as the front end serves it.</summary>
/// <param name="Name">The function name.</param>
/// <param name="TriggerName">The trigger binding's name (the worker expects it in the invocation's input data).</param>
/// <param name="RouteTemplate">The full template, route prefix included.</param>
/// <param name="Methods">Allowed methods, upper case; empty means all.</param>
/// <param name="IsDisabled">A disabled function's route answers 404.</param>
internal sealed record HttpFunction(string Name, string TriggerName, string RouteTemplate, IReadOnlyList<string> Methods, bool IsDisabled);
