using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage.Tests.Support;

/// <summary>
/// A transport that sends nothing: it records every request (method, URI, headers, body) and answers with the
/// queued responses in order, then with <see cref="DefaultStatus"/>.
/// </summary>
internal sealed class RecordingTransport : HttpPipelineTransport
{
    private readonly HttpClientTransport _requests = new();
    private readonly Queue<FakeResponse> _answers = new();

    public List<RecordedRequest> Requests { get; } = [];

    public int DefaultStatus { get; init; } = 200;

    public RecordingTransport Answer(int status, params (string Name, string Value)[] headers)
    {
        _answers.Enqueue(new FakeResponse(status, headers));
        return this;
    }

    public RecordingTransport Answer(int status, string body, params (string Name, string Value)[] headers)
    {
        _answers.Enqueue(new FakeResponse(status, headers, body));
        return this;
    }

    public override Request CreateRequest() => _requests.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        var request = message.Request;
        byte[]? body = null;
        if (request.Content is not null)
        {
            using var buffer = new MemoryStream();
            request.Content.WriteTo(buffer, message.CancellationToken);
            body = buffer.ToArray();
        }

        Requests.Add(new RecordedRequest(
            request.Method.Method, request.Uri.ToUri(), request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), body));
        message.Response = _answers.TryDequeue(out var answer) ? answer : new FakeResponse(DefaultStatus, []);
        return ValueTask.CompletedTask;
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, Dictionary<string, string> Headers, byte[]? Body);
