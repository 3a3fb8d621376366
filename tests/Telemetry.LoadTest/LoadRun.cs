using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Telemetry.LoadTest;

public enum Phase
{
    /// <summary>GET /api/health: the baseline every request pays (routing, Kestrel, a storage probe).</summary>
    Health,

    /// <summary>POST /api/v1/usage with a batch of records.</summary>
    Usage,
}

/// <summary>The outcome of one phase: per-request latencies, statuses and accepted records.</summary>
public sealed record PhaseResult(Phase Phase, TimeSpan Elapsed, double[] LatenciesMs, int Completed, int Failed, long AcceptedRecords,
    IReadOnlyDictionary<int, int> Statuses);

public static class LoadRun
{
    public static HttpClient CreateClient(LoadOptions options)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Sends <see cref="LoadOptions.Requests"/> requests with <see cref="LoadOptions.Concurrency"/> in flight.</summary>
    public static async Task<PhaseResult> RunAsync(HttpClient client, LoadOptions options, Phase phase, CancellationToken cancellationToken)
    {
        var latencies = new double[options.Requests];
        var statuses = new int[600];
        var next = -1;
        var failed = 0;
        var completed = 0;
        long accepted = 0;

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < options.Requests && !cancellationToken.IsCancellationRequested)
            {
                using var request = CreateRequest(options, phase);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                    Interlocked.Increment(ref completed);
                    if (response.StatusCode == (phase == Phase.Usage ? HttpStatusCode.Accepted : HttpStatusCode.OK))
                    {
                        Interlocked.Add(ref accepted, phase == Phase.Usage ? options.RecordsPerRequest : 0);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    latencies[index] = double.NaN;
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();

        var measured = latencies.Where(l => l > 0).ToArray();
        var byStatus = statuses.Select((count, code) => (count, code)).Where(s => s.count > 0).ToDictionary(s => s.code, s => s.count);
        return new PhaseResult(phase, clock.Elapsed, measured, completed, failed, accepted, byStatus);
    }

    private static HttpRequestMessage CreateRequest(LoadOptions options, Phase phase)
    {
        if (phase == Phase.Health)
        {
            return new HttpRequestMessage(HttpMethod.Get, "api/health");
        }

        var content = new ByteArrayContent(UsageBatches.Create(options.RecordsPerRequest, DateTimeOffset.UtcNow, options.Gzip));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (options.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/usage") { Content = content };
        request.Headers.Add("x-api-key", options.ApiKey);
        return request;
    }
}
