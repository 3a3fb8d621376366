using System.Net;

namespace Telemetry.Client.Tests.Support;

/// <summary>What the handler does with the n-th ingestion request.</summary>
public enum Fault
{
    None,

    /// <summary>The real service takes the request (and stores it), but the client is told 503: the retry must store nothing twice.</summary>
    ForwardThenAnswer503,

    /// <summary>The request never reaches the service; the client is told 503.</summary>
    Answer503,
}

/// <summary>In front of the real service: answers chosen ingestion requests with 503 and Retry-After, as an outage would.</summary>
public sealed class FaultInjectingHandler(params Fault[] faults) : DelegatingHandler
{
    private int _posts;

    public int Posts => Volatile.Read(ref _posts);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var index = Interlocked.Increment(ref _posts) - 1;
        var fault = index < faults.Length ? faults[index] : Fault.None;
        switch (fault)
        {
            case Fault.ForwardThenAnswer503:
                using (var stored = await base.SendAsync(request, cancellationToken))
                {
                    Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
                }

                return Unavailable();
            case Fault.Answer503:
                return Unavailable();
            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }

    private static HttpResponseMessage Unavailable()
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }
}
