using System.Collections.Concurrent;

namespace Telemetry.Services.Tenants;

/// <summary>
/// A small read-through cache with a staleness bound. An answer is served for at most <c>lifetime</c>
/// counted from the moment its read began, so a change made after that moment shows within the bound.
/// Concurrent misses for one key share a single read; a failed read is not cached (every waiter sees the
/// failure and the next request reads again), so a storage outage never turns into a wrong answer.
/// </summary>
internal sealed class PolicyCache<TValue>
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;

    public PolicyCache(TimeProvider time, TimeSpan lifetime, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _lifetime = lifetime;
        _capacity = capacity;
    }

    /// <summary>How many answers are held (including ones being read).</summary>
    public int Count => _entries.Count;

    public async ValueTask<TValue> GetOrReadAsync(string key, Func<CancellationToken, Task<TValue>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(read);
        while (true)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var current) && !current.IsStale(now, _lifetime))
            {
                return await current.Value.WaitAsync(cancellationToken);
            }

            var fresh = new Entry(now);
            var claimed = current is null ? TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, current);
            if (!claimed)
            {
                continue; // another caller started the read first: join it on the next turn
            }

            // The read belongs to every waiter, so one caller's cancellation must not cancel it.
            _ = RunReadAsync(key, fresh, read);
            return await fresh.Value.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Drops one answer so that the next request reads again (used after a change through the API).</summary>
    public void Forget(string key) => _entries.TryRemove(key, out _);

    private bool TryAdd(string key, Entry fresh)
    {
        if (_entries.Count >= _capacity)
        {
            RemoveStale();
        }

        // When still full, the read is shared as usual but forgotten as soon as it ends.
        fresh.Transient = _entries.Count >= _capacity;
        return _entries.TryAdd(key, fresh);
    }

    private async Task RunReadAsync(string key, Entry entry, Func<CancellationToken, Task<TValue>> read)
    {
        try
        {
            entry.Complete(await read(CancellationToken.None));
            if (entry.Transient)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
        catch (Exception exception)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            entry.Fail(exception);
        }
    }

    private void RemoveStale()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (pair.Value.IsStale(now, _lifetime))
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed class Entry(DateTimeOffset readStartedAt)
    {
        private readonly TaskCompletionSource<TValue> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TValue> Value => _completion.Task;

        public bool Transient { get; set; }

        /// <summary>A read in progress is never stale: joining it is as fresh as starting another.</summary>
        public bool IsStale(DateTimeOffset now, TimeSpan lifetime) =>
            _completion.Task.IsCompleted && now - readStartedAt >= lifetime;

        public void Complete(TValue value) => _completion.TrySetResult(value);

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
