using Microsoft.Net.Http.Headers;
using Telemetry.Core;
using Telemetry.Functions.Http;

namespace Telemetry.Functions.Ingestion;

/// <summary>Content-Type, Content-Encoding and Content-Length checks that come before reading a body.</summary>
public static class RequestFormat
{
    public static bool IsGzip(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Headers.ContentEncoding.ToString().Trim(), "gzip", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The 415 or 413 to answer, or null when the body may be read.</summary>
    public static IResult? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("unsupported_media_type", "Send the records as Content-Type: application/json.");
        }

        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("unsupported_charset", "Send the records as UTF-8 JSON.");
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length > 0 && !IsGzip(request) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("unsupported_content_encoding", "Content-Encoding may be gzip or absent.");
        }

        // Compressed or not, a body whose wire size is already over the limit cannot fit after inflating.
        return request.ContentLength > IngestionLimits.MaxBodyBytes ? TooLarge() : null;
    }

    public static IResult TooLarge() =>
        Problems.PayloadTooLarge($"A request body may hold at most {IngestionLimits.MaxBodyBytes} bytes after decompression; split the batch.");
}
