using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Telemetry.Client.Tests.Support;

/// <summary>
/// Stands in for the service where a real one cannot show the case: a fault at an exact moment on a fake clock. Policy
/// reads answer <see cref="PolicyJson"/>; ingestion requests get the scripted answers in order, then 202.
/// </summary>
public sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _answers = new(answers);
    private readonly SemaphoreSlim _posted = new(0);

    public string PolicyJson { get; set; } = """{"source":"client","census":"on","usage":"on","errors":"opt-in"}""";

    public SentRequests Sent { get; } = new();

    /// <summary>Waits (generously) until <paramref name="count"/> ingestion requests arrived in all.</summary>
    public async Task WaitForPostsAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Sent.All.Count < count)
        {
            await _posted.WaitAsync(deadline.Token);
        }
    }

    public static HttpResponseMessage Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("""{"code":"scripted"}""", Encoding.UTF8, "application/problem+json") };
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }

        return response;
    }

    public static HttpResponseMessage Receipt(int accepted, int suppressed = 0, int rejected = 0) => new(HttpStatusCode.Accepted)
    {
        Content = new StringContent(
            $$"""{"received":{{accepted + suppressed + rejected}},"accepted":{{accepted}},"suppressed":{{suppressed}},"rejected":{{rejected}}}""",
            Encoding.UTF8,
            "application/json"),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(PolicyJson, Encoding.UTF8, "application/json") };
        }

        var decoded = await SentRequests.DecodeAsync(request, cancellationToken);
        var answer = _answers.TryDequeue(out var next) ? next() : Receipt(decoded!.Ids.Count);
        Sent.Add(decoded!);
        _posted.Release();
        return answer;
    }

    protected override void Dispose(bool disposing)
    {
        _posted.Dispose();
        base.Dispose(disposing);
    }
}
