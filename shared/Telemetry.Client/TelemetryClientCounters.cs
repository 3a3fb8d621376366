namespace Telemetry.Client;

/// <summary>
/// Totals since the client was created. <see cref="Sent"/>: accepted by the service. <see cref="Suppressed"/>: not
/// collected under the policy (not sent, or suppressed by the service). <see cref="Rejected"/>: refused by the service as
/// invalid. <see cref="Dropped"/>: given up before the service took them (buffer full, key refused, shutdown…).
/// <see cref="Retried"/>: requests sent again.
/// </summary>
public sealed record TelemetryClientCounters(long Sent, long Suppressed, long Rejected, long Dropped, long Retried);
