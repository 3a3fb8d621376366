using System.Diagnostics.Metrics;
using Telemetry.Core;

namespace Telemetry.Services.Diagnostics;

/// <summary>
/// The service's counters. Tags are the category and a fixed outcome or reason code: never a tenant,
/// a pool, a key or anything a record carries.
/// </summary>
public sealed class TelemetryMetrics
{
    /// <summary>The meter's name, kept from the first release so that dashboards keep working.</summary>
    public const string MeterName = "Telemetry.Functions";

    private readonly Counter<long> received;
    private readonly Counter<long> accepted;
    private readonly Counter<long> suppressed;
    private readonly Counter<long> rejected;
    private readonly Counter<long> stored;
    private readonly Counter<long> rateLimited;

    public TelemetryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        received = meter.CreateCounter<long>("telemetry.records.received", "{record}", "Records received in well-formed ingestion requests.");
        accepted = meter.CreateCounter<long>("telemetry.records.accepted", "{record}", "Records durably queued.");
        suppressed = meter.CreateCounter<long>("telemetry.records.suppressed", "{record}", "Records refused by policy.");
        rejected = meter.CreateCounter<long>("telemetry.records.rejected", "{record}", "Records refused as invalid.");
        stored = meter.CreateCounter<long>("telemetry.records.stored", "{record}", "Rows written to Table Storage.");
        rateLimited = meter.CreateCounter<long>("telemetry.requests.rate_limited", "{request}", "Ingestion requests refused by the rate limit.");
    }

    public void Received(TelemetryCategory category, int count) => Add(received, count, category);

    public void Accepted(TelemetryCategory category, int count) => Add(accepted, count, category);

    public void Suppressed(TelemetryCategory category, string reason, int count) => Add(suppressed, count, category, ("reason", reason));

    public void Rejected(TelemetryCategory category, string code, int count) => Add(rejected, count, category, ("reason", code));

    public void Stored(TelemetryCategory category, int count) => Add(stored, count, category, ("outcome", "stored"));

    public void RateLimited(TelemetryCategory category) => Add(rateLimited, 1, category);

    private static void Add(Counter<long> counter, int count, TelemetryCategory category, (string Key, string Value)? extra = null)
    {
        if (count <= 0)
        {
            return;
        }

        var categoryTag = new KeyValuePair<string, object?>("category", TelemetryCategories.RouteSegment(category));
        if (extra is { } tag)
        {
            counter.Add(count, categoryTag, new KeyValuePair<string, object?>(tag.Key, tag.Value));
        }
        else
        {
            counter.Add(count, categoryTag);
        }
    }
}
