using System.Diagnostics;
using System.Diagnostics.Metrics;
using Telemetry.Client.Wire;

namespace Telemetry.Client.Diagnostics;

/// <summary>
/// The client's instruments (Meter <c>Telemetry.Client</c>), tagged with the category and an outcome only: never a
/// tenant, pool, key or record value. Also keeps the totals that <see cref="TelemetryClient.Counters"/> reports.
/// </summary>
internal sealed class ClientMetrics : IDisposable
{
    public const string MeterName = "Telemetry.Client";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _suppressed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _retried;
    private long _sentTotal;
    private long _suppressedTotal;
    private long _rejectedTotal;
    private long _droppedTotal;
    private long _retriedTotal;

    public ClientMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _sent = _meter.CreateCounter<long>("telemetry.client.records.sent", "{record}", "Records the service accepted.");
        _suppressed = _meter.CreateCounter<long>("telemetry.client.records.suppressed", "{record}", "Records not sent or not stored because of a policy setting.");
        _rejected = _meter.CreateCounter<long>("telemetry.client.records.rejected", "{record}", "Records the service refused as invalid.");
        _dropped = _meter.CreateCounter<long>("telemetry.client.records.dropped", "{record}", "Records given up before the service took them.");
        _retried = _meter.CreateCounter<long>("telemetry.client.requests.retried", "{request}", "Requests sent again after a failure.");
    }

    public TelemetryClientCounters Snapshot() => new(
        Interlocked.Read(ref _sentTotal),
        Interlocked.Read(ref _suppressedTotal),
        Interlocked.Read(ref _rejectedTotal),
        Interlocked.Read(ref _droppedTotal),
        Interlocked.Read(ref _retriedTotal));

    public void Sent(TelemetryCategory category, int count) => Add(_sent, ref _sentTotal, category, count, null);

    /// <summary><paramref name="outcome"/>: "local" (not sent) or "service" (the service suppressed it).</summary>
    public void Suppressed(TelemetryCategory category, int count, string outcome) => Add(_suppressed, ref _suppressedTotal, category, count, outcome);

    public void Rejected(TelemetryCategory category, int count) => Add(_rejected, ref _rejectedTotal, category, count, null);

    /// <summary><paramref name="outcome"/>: buffer_full, refused, unauthorized, expired or shutdown.</summary>
    public void Dropped(TelemetryCategory category, int count, string outcome) => Add(_dropped, ref _droppedTotal, category, count, outcome);

    /// <summary><paramref name="outcome"/>: the status code that caused the retry, or "network".</summary>
    public void Retried(TelemetryCategory category, string outcome) => Add(_retried, ref _retriedTotal, category, 1, outcome);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void Add(Counter<long> counter, ref long total, TelemetryCategory category, int count, string? outcome)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref total, count);
        var tags = new TagList { { "category", category.Name() } };
        if (outcome is not null)
        {
            tags.Add("outcome", outcome);
        }

        counter.Add(count, tags);
    }
}
