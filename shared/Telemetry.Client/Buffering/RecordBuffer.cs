using Telemetry.Client.Wire;

namespace Telemetry.Client.Buffering;

/// <summary>
/// The records waiting to be sent, one queue per category, at most <c>capacity</c> in all. When it is full the oldest
/// waiting record (of any category) makes room for the new one. Thread-safe; every operation is short and never waits.
/// </summary>
internal sealed class RecordBuffer(int capacity)
{
    private readonly object _lock = new();
    private readonly Queue<PendingRecord>[] _queues = [new(), new(), new()];
    private readonly long[] _bytes = new long[3];
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a record; returns the category of the record dropped to make room, if one was.</summary>
    public TelemetryCategory? Add(TelemetryCategory category, PendingRecord record)
    {
        lock (_lock)
        {
            TelemetryCategory? dropped = null;
            if (_count >= capacity)
            {
                dropped = OldestCategory();
                var old = _queues[(int)dropped].Dequeue();
                _bytes[(int)dropped] -= old.Json.Length;
                _count--;
            }

            _queues[(int)category].Enqueue(record);
            _bytes[(int)category] += record.Json.Length;
            _count++;
            return dropped;
        }
    }

    /// <summary>Whether a category holds at least a full batch (by count or by size).</summary>
    public bool HasFullBatch(TelemetryCategory category, int maxRecords, int maxBytes)
    {
        lock (_lock)
        {
            return _queues[(int)category].Count >= maxRecords || _bytes[(int)category] + Envelope.Overhead(_queues[(int)category].Count) >= maxBytes;
        }
    }

    public int CountOf(TelemetryCategory category)
    {
        lock (_lock)
        {
            return _queues[(int)category].Count;
        }
    }

    /// <summary>
    /// Takes the oldest records of a category that fit one request: at most <paramref name="maxRecords"/>, and an
    /// envelope of at most <paramref name="maxBytes"/> (<paramref name="envelopeBytes"/> is its size without records).
    /// </summary>
    public List<PendingRecord> Take(TelemetryCategory category, int maxRecords, int maxBytes, int envelopeBytes)
    {
        lock (_lock)
        {
            var queue = _queues[(int)category];
            var batch = new List<PendingRecord>(Math.Min(queue.Count, maxRecords));
            long size = envelopeBytes;
            while (batch.Count < maxRecords && queue.TryPeek(out var next))
            {
                var grown = size + next.Json.Length + (batch.Count > 0 ? 1 : 0);
                if (batch.Count > 0 && grown > maxBytes)
                {
                    break;
                }

                batch.Add(queue.Dequeue());
                size = grown;
                _bytes[(int)category] -= next.Json.Length;
                _count--;
            }

            return batch;
        }
    }

    /// <summary>Removes every waiting record of a category (the policy or the user said no); returns how many.</summary>
    public int Clear(TelemetryCategory category)
    {
        lock (_lock)
        {
            var removed = _queues[(int)category].Count;
            _queues[(int)category].Clear();
            _bytes[(int)category] = 0;
            _count -= removed;
            return removed;
        }
    }

    private TelemetryCategory OldestCategory()
    {
        TelemetryCategory? oldest = null;
        var oldestTime = DateTimeOffset.MaxValue;
        foreach (var category in TelemetryCategories.All)
        {
            if (_queues[(int)category].TryPeek(out var head) && head.Timestamp < oldestTime)
            {
                oldest = category;
                oldestTime = head.Timestamp;
            }
        }

        return oldest!.Value;
    }
}
