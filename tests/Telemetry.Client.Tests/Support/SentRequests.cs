using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;

namespace Telemetry.Client.Tests.Support;

/// <summary>One ingestion request as it left the client: its route's category and the record ids in its body.</summary>
public sealed record SentRequest(string Category, IReadOnlyList<string> Ids, string Body, bool Gzipped);

/// <summary>Decodes and keeps what a client sent, so tests know the ids the library chose.</summary>
public sealed class SentRequests
{
    private readonly ConcurrentQueue<SentRequest> _requests = new();
    private readonly ConcurrentQueue<string> _answers = new();

    public IReadOnlyList<SentRequest> All => [.. _requests];

    public IReadOnlyList<string> Ids(string category) => [.. _requests.Where(r => r.Category == category).SelectMany(r => r.Ids).Distinct()];

    public static async Task<SentRequest?> DecodeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return null;
        }

        var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var gzipped = request.Content.Headers.ContentEncoding.Contains("gzip");
        if (gzipped)
        {
            using var inflated = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(inflated, cancellationToken);
            }

            bytes = inflated.ToArray();
        }

        using var body = JsonDocument.Parse(bytes);
        var ids = body.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        return new SentRequest(path[(path.LastIndexOf('/') + 1)..], ids, System.Text.Encoding.UTF8.GetString(bytes), gzipped);
    }

    public void Add(SentRequest request) => _requests.Enqueue(request);

    /// <summary>What the service answered each ingestion request (status and body), for a failing assertion to show.</summary>
    public string Answers => string.Join(" | ", _answers);

    public void AddAnswer(string answer) => _answers.Enqueue(answer);
}

/// <summary>Passes every request on and remembers the ingestion requests.</summary>
public sealed class RecordingHandler(SentRequests sent) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await SentRequests.DecodeAsync(request, cancellationToken) is { } decoded)
        {
            sent.Add(decoded);
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            sent.AddAnswer($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
