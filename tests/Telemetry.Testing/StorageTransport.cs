using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Testing;

/// <summary>One request as the storage service would have seen it.</summary>
public sealed record StorageRequest(string Method, string Path, string Body)
{
    /// <summary>True when the request goes to <paramref name="table"/> (its entities, or a batch that names it).</summary>
    public bool Touches(string table) =>
        Path.StartsWith("/" + table + "(", StringComparison.Ordinal) || Path == "/" + table
        || Body.Contains("/" + table + "(", StringComparison.Ordinal) || Body.Contains("/" + table + " ", StringComparison.Ordinal);
}

/// <summary>
/// The real HTTP transport, with a record of every request and rules that make chosen requests fail the way a
/// dying process or network would: the storage fault at an exact moment that a test needs, without mocking clients.
/// </summary>
public sealed class StorageTransport : HttpPipelineTransport
{
    private readonly HttpPipelineTransport _inner = HttpClientTransport.Shared;
    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private readonly ConcurrentQueue<Rule> _rules = new();
    private readonly ConcurrentQueue<(Func<StorageRequest, bool> Matches, Task Released)> _holds = new();

    /// <summary>Every request sent so far, in order.</summary>
    public IReadOnlyCollection<StorageRequest> Requests => _requests;

    /// <summary>Fails every request that <paramref name="matches"/> (the first <paramref name="times"/> ones, when given).</summary>
    public void FailWhen(Func<StorageRequest, bool> matches, int? times = null) => _rules.Enqueue(new Rule(matches, times));

    /// <summary>Holds every request that <paramref name="matches"/> until the returned source completes (a storage that hangs).</summary>
    public TaskCompletionSource HoldWhen(Func<StorageRequest, bool> matches)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds.Enqueue((matches, release.Task));
        return release;
    }

    /// <summary>Removes every rule and hold: requests go through again.</summary>
    public void Heal()
    {
        _rules.Clear();
        _holds.Clear();
    }

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = await DescribeAsync(message.Request);
        _requests.Enqueue(request);
        foreach (var (matches, released) in _holds)
        {
            if (matches(request))
            {
                await released.WaitAsync(message.CancellationToken);
            }
        }

        if (_rules.Any(rule => rule.Applies(request)))
        {
            throw new RequestFailedException("The storage connection broke (a fault injected by the test).");
        }

        await _inner.ProcessAsync(message);
    }

    private static async Task<StorageRequest> DescribeAsync(Request request)
    {
        var body = string.Empty;
        if (request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            await content.WriteToAsync(buffer, CancellationToken.None);
            body = Encoding.UTF8.GetString(buffer.ToArray());
        }

        var path = Uri.UnescapeDataString(request.Uri.ToUri().AbsolutePath);
        var account = path.IndexOf('/', 1);
        return new StorageRequest(request.Method.Method, account > 0 ? path[account..] : path, body);
    }

    private sealed class Rule(Func<StorageRequest, bool> matches, int? times)
    {
        private int _left = times ?? int.MaxValue;

        public bool Applies(StorageRequest request) => matches(request) && Interlocked.Decrement(ref _left) >= 0;
    }
}
