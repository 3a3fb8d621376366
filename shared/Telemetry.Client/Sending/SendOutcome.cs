using System.Net;

namespace Telemetry.Client.Sending;

/// <summary>What one request's answer means for its batch.</summary>
internal enum SendVerdict
{
    /// <summary>202: accepted records are stored; suppressed and rejected ones are not retried.</summary>
    Done,

    /// <summary>429, 503, other 5xx, 408, a timeout or a network error: the same records later.</summary>
    Retry,

    /// <summary>413: the body was too large; send it in halves.</summary>
    Split,

    /// <summary>401 or 403: the key is missing, unknown or revoked; stop.</summary>
    Unauthorized,

    /// <summary>Any other answer (400, 404, 415…): the batch can never succeed; drop it.</summary>
    Refused,
}

/// <summary>The answer to one ingestion request.</summary>
internal sealed record SendOutcome(
    SendVerdict Verdict,
    HttpStatusCode? Status,
    TimeSpan? RetryAfter = null,
    int Accepted = 0,
    int Suppressed = 0,
    int Rejected = 0,
    string? SuppressedReason = null,
    string? Code = null);
