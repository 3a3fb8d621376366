using Microsoft.Extensions.Time.Testing;
using Telemetry.Services.Tenants;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Tenants;

public class PolicyCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_answer_is_served_from_the_cache_within_its_lifetime()
    {
        var time = new FakeTimeProvider();
        var cache = new PolicyCache<int>(time, Lifetime);
        var reads = 0;

        await cache.GetOrReadAsync("k", _ => Task.FromResult(++reads));
        time.Advance(Lifetime - TimeSpan.FromMilliseconds(1));
        var second = await cache.GetOrReadAsync("k", _ => Task.FromResult(++reads));

        Assert.Equal(1, second);
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task An_answer_as_old_as_the_lifetime_is_read_again()
    {
        var time = new FakeTimeProvider();
        var cache = new PolicyCache<int>(time, Lifetime);
        var reads = 0;

        await cache.GetOrReadAsync("k", _ => Task.FromResult(++reads));
        time.Advance(Lifetime);
        var second = await cache.GetOrReadAsync("k", _ => Task.FromResult(++reads));

        Assert.Equal(2, second);
    }

    [Fact]
    public async Task The_lifetime_counts_from_when_the_read_began_not_when_it_ended()
    {
        var time = new FakeTimeProvider();
        var cache = new PolicyCache<int>(time, Lifetime);
        var slowRead = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = cache.GetOrReadAsync("k", _ => slowRead.Task).AsTask();
        time.Advance(TimeSpan.FromSeconds(20));
        slowRead.SetResult(1);
        await first;
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await cache.GetOrReadAsync("k", _ => Task.FromResult(2));

        Assert.Equal(2, second);
    }

    [Fact]
    public async Task Concurrent_misses_for_one_entry_share_a_single_read()
    {
        var cache = new PolicyCache<string>(new FakeTimeProvider(), Lifetime);
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        Task<string> Read(CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            return gate.Task;
        }

        var waiters = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetOrReadAsync("k", Read).AsTask())).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reads) == 1));
        gate.SetResult("tenant");
        var answers = await Task.WhenAll(waiters);

        Assert.Equal(1, reads);
        Assert.All(answers, answer => Assert.Equal("tenant", answer));
    }

    [Fact]
    public async Task A_failed_read_reaches_every_waiter_and_is_not_cached()
    {
        var cache = new PolicyCache<string?>(new FakeTimeProvider(), Lifetime);
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = cache.GetOrReadAsync("k", _ => gate.Task).AsTask();
        var second = cache.GetOrReadAsync("k", _ => Task.FromResult<string?>("never")).AsTask();
        gate.SetException(new InvalidOperationException("table unreachable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(0, cache.Count);
        Assert.Equal("tenant", await cache.GetOrReadAsync("k", _ => Task.FromResult<string?>("tenant")));
    }

    [Fact]
    public async Task A_failed_refresh_does_not_bring_back_the_stale_answer()
    {
        var time = new FakeTimeProvider();
        var cache = new PolicyCache<string?>(time, Lifetime);
        await cache.GetOrReadAsync("k", _ => Task.FromResult<string?>("tenant"));
        time.Advance(Lifetime);

        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetOrReadAsync("k", _ => Task.FromException<string?>(new TimeoutException())).AsTask());

        Assert.Null(await cache.GetOrReadAsync("k", _ => Task.FromResult<string?>(null)));
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_cancel_the_shared_read()
    {
        var cache = new PolicyCache<int>(new FakeTimeProvider(), Lifetime);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var cancelled = cache.GetOrReadAsync("k", _ => gate.Task, cancel.Token).AsTask();
        var patient = cache.GetOrReadAsync("k", _ => Task.FromResult(-1)).AsTask();
        await cancel.CancelAsync();
        gate.SetResult(7);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(7, await patient);
    }

    [Fact]
    public async Task A_forgotten_entry_is_read_again_at_once()
    {
        var cache = new PolicyCache<int>(new FakeTimeProvider(), Lifetime);
        await cache.GetOrReadAsync("k", _ => Task.FromResult(1));

        cache.Forget("k");

        Assert.Equal(2, await cache.GetOrReadAsync("k", _ => Task.FromResult(2)));
    }

    [Fact]
    public async Task A_full_cache_still_answers_but_keeps_no_more_entries()
    {
        var cache = new PolicyCache<int>(new FakeTimeProvider(), Lifetime, capacity: 2);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, await cache.GetOrReadAsync("k" + i, _ => Task.FromResult(i)));
        }

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_full_cache_makes_room_by_dropping_stale_entries()
    {
        var time = new FakeTimeProvider();
        var cache = new PolicyCache<int>(time, Lifetime, capacity: 2);
        await cache.GetOrReadAsync("a", _ => Task.FromResult(1));
        await cache.GetOrReadAsync("b", _ => Task.FromResult(2));
        time.Advance(Lifetime);
        var reads = 0;

        await cache.GetOrReadAsync("c", _ => Task.FromResult(++reads));
        await cache.GetOrReadAsync("c", _ => Task.FromResult(++reads));

        Assert.Equal(1, reads);
        Assert.Equal(1, cache.Count);
    }
}
