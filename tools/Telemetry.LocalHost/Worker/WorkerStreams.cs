using System.Collections.Concurrent;

namespace Telemetry.LocalHost.Worker;

/// <summary>The workers the host has started and not yet heard from, by the worker id given on their command line.</summary>
internal sealed class WorkerStreams
{
    private readonly ConcurrentDictionary<string, WorkerChannel> _expected = new(StringComparer.Ordinal);

    public void Expect(WorkerChannel channel) => _expected[channel.WorkerId] = channel;

    public void Forget(string workerId) => _expected.TryRemove(workerId, out _);

    /// <summary>Hands out the channel of a worker's first (and only) stream.</summary>
    public bool TryClaim(string workerId, out WorkerChannel channel) => _expected.TryRemove(workerId, out channel!);
}
