using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;

namespace Telemetry.Storage.Tests.Support;

/// <summary>A canned answer for <see cref="RecordingTransport"/>.</summary>
internal sealed class FakeResponse(int status, (string Name, string Value)[] headers, string? body = null) : Response
{
    public override int Status => status;

    public override string ReasonPhrase => $"Status {status}";

    public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));

    public override string ClientRequestId { get; set; } = string.Empty;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers.Select(h => new HttpHeader(h.Name, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = TryGetHeader(name, out var value) ? [value] : null;
        return values is not null;
    }
}
