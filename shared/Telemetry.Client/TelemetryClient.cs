using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telemetry.Client.Buffering;
using Telemetry.Client.Diagnostics;
using Telemetry.Client.Policy;
using Telemetry.Client.Sending;
using Telemetry.Client.Wire;

namespace Telemetry.Client;

/// <summary>
/// Sends census, usage and error-report records to the ingestion service. <c>Track…</c> only buffers (it never waits);
/// one background loop batches, compresses, retries and follows the tenant's policy. Create one per process and dispose
/// it at the end (<see cref="DisposeAsync"/> sends what is left).
/// </summary>
public sealed class TelemetryClient : IAsyncDisposable, IDisposable
{
    private readonly TelemetryClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RecordBuffer _buffer;
    private readonly ClientMetrics _metrics;
    private readonly SendLoop _loop;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _running;
    private int _disposed;

    /// <param name="httpClient">Used for every request; its handlers (proxies, retries of its own) are the caller's choice.</param>
    /// <param name="options">Validated here: an invalid value throws <see cref="OptionsValidationException"/> naming it.</param>
    public TelemetryClient(
        HttpClient httpClient,
        TelemetryClientOptions options,
        ILogger<TelemetryClient>? logger = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null)
        : this(Checked(httpClient), options, logger, meterFactory, timeProvider ?? TimeProvider.System)
    {
    }

    internal TelemetryClient(Func<HttpClient> http, TelemetryClientOptions options, ILogger? logger, IMeterFactory? meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new TelemetryClientOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(TelemetryClientOptions), typeof(TelemetryClientOptions), validation.Failures);
        }

        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _buffer = new RecordBuffer(options.MaxBufferedRecords);
        _metrics = new ClientMetrics(meterFactory);
        _loop = new SendLoop(
            _buffer, new IngestionTransport(http, options, time), new PolicyReader(http, options, time), _metrics, options, time, _logger)
        {
            UserOptIn = options.ErrorReportingOptIn,
        };
        _running = Task.Run(() => _loop.RunAsync(_stopping.Token));
    }

    /// <summary>
    /// The user's own error-reporting opt-in (sent as <c>userOptIn</c> by the client source). Turning it off discards the
    /// error reports still waiting to be sent.
    /// </summary>
    public bool ErrorReportingOptIn
    {
        get => _loop.UserOptIn;
        set
        {
            _loop.UserOptIn = value;
            if (!value && _options.Source == TelemetrySource.Client)
            {
                _metrics.Suppressed(TelemetryCategory.Errors, _buffer.Clear(TelemetryCategory.Errors), "local");
            }
        }
    }

    /// <summary>The last answer of <c>GET /api/v1/policy</c>; null until the first one arrives (until then everything is sent).</summary>
    public TelemetryPolicy? Policy => _loop.Policy;

    /// <summary>Records waiting to be sent.</summary>
    public int BufferedRecords => _buffer.Count;

    public TelemetryClientCounters Counters => _metrics.Snapshot();

    /// <summary>Buffers a census record; its user id is hashed here, so the clear id is never kept or sent.</summary>
    /// <returns>False when the record will not be sent (the policy or the key says no).</returns>
    public bool TrackCensus(CensusRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var hash = UserIdHash.Compute(record.UserId);
        return Track(TelemetryCategory.Census, (id, at) => RecordWriter.Census(id, at, record, hash));
    }

    /// <returns>False when the record will not be sent (the tenant turned usage off, or the key was refused).</returns>
    public bool TrackUsage(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Track(TelemetryCategory.Usage, (id, at) => RecordWriter.Usage(id, at, record));
    }

    /// <returns>False when the record will not be sent (no opt-in, the tenant or pool turned it off, or the key was refused).</returns>
    public bool TrackError(ErrorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        bool? optIn = _options.Source == TelemetrySource.Client ? ErrorReportingOptIn : null;
        return Track(TelemetryCategory.Errors, (id, at) => RecordWriter.Error(id, at, record, optIn));
    }

    /// <summary>Sends everything buffered now, retrying as usual; completes when all of it was sent or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _loop.FlushAsync(cancellationToken);
    }

    /// <summary>Sends what is buffered for at most <see cref="TelemetryClientOptions.ShutdownTimeout"/>, then stops and drops the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var shutdown = new CancellationTokenSource(_options.ShutdownTimeout, _time))
        {
            try
            {
                await _loop.FlushAsync(shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                // Out of time: what is left is counted as dropped below.
            }
        }

        await _stopping.CancelAsync();
        await _running;
        foreach (var category in TelemetryCategories.All)
        {
            var left = _buffer.Clear(category);
            if (left > 0)
            {
                _metrics.Dropped(category, left, "shutdown");
                ClientLog.Dropped(_logger, left, category.Name(), "shutdown");
            }
        }

        _loop.CompleteFlushWaiters();
        _stopping.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Prefer <see cref="DisposeAsync"/>: this blocks the calling thread while the buffer is sent.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool Track(TelemetryCategory category, Func<Guid, DateTimeOffset, byte[]> write)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // Serialized at once, so bad input fails here whatever the policy, and every retry sends the same bytes.
        var id = Guid.NewGuid();
        var timestamp = _time.GetUtcNow();
        var json = write(id, timestamp);
        if (json.Length > TelemetryClientOptions.MaxRecordBytes)
        {
            throw new ArgumentException($"The record is {json.Length} bytes as JSON; the service takes at most {TelemetryClientOptions.MaxRecordBytes}.");
        }

        if (_loop.Unauthorized)
        {
            _metrics.Dropped(category, 1, "unauthorized");
            return false;
        }

        if (_loop.Suppression(category) is not null)
        {
            _metrics.Suppressed(category, 1, "local");
            return false;
        }

        if (_buffer.Add(category, new PendingRecord(id, timestamp, json)) is { } dropped)
        {
            _metrics.Dropped(dropped, 1, "buffer_full");
        }

        if (_buffer.HasFullBatch(category, _options.MaxBatchRecords, _options.MaxBatchBytes))
        {
            _loop.Wake();
        }

        return true;
    }

    private static Func<HttpClient> Checked(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }
}
