using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage;

/// <summary>Signs queue requests with Shared Key (the full string-to-sign of the Queue service).</summary>
internal sealed class SharedKeyPolicy(SharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        var signature = credential.Sign(StringToSign(message.Request, credential.AccountName));
        message.Request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{signature}");
    }

    internal static string StringToSign(Request request, string accountName)
    {
        var builder = new StringBuilder(request.Method.Method).Append('\n');
        foreach (var header in StandardHeaders)
        {
            builder.Append(header == "Content-Length" ? ContentLength(request) : HeaderValue(request, header)).Append('\n');
        }

        foreach (var (name, value) in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(accountName).Append(request.Uri.Path);
        foreach (var parameter in QueryParameters.Parse(request.Uri.Query)
                     .GroupBy(p => p.Name.ToLowerInvariant())
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = parameter.Select(p => p.Value).Order(StringComparer.Ordinal);
            builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', values));
        }

        return builder.ToString();
    }

    // Azure.Core keeps Content-Length out of Request.Headers, so it comes from the content itself; 0 is signed as empty.
    private static string ContentLength(Request request) =>
        request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : string.Empty;

    private static string HeaderValue(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
