using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Telemetry.Client;

/// <summary>Where and how a <see cref="TelemetryClient"/> sends. Validated when the client is created.</summary>
public sealed partial class TelemetryClientOptions : IValidatableObject
{
    /// <summary>Most records the service takes in one request.</summary>
    public const int MaxRecordsPerRequest = 500;

    /// <summary>The service's body limit (after decompression).</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>The service's limit for one record.</summary>
    public const int MaxRecordBytes = 32 * 1024;

    /// <summary>The service's base address, for example <c>https://telemetry.contoso.com/</c> (routes are under <c>api/</c>).</summary>
    [Required]
    public Uri? ServiceUri { get; set; }

    /// <summary>The tenant's ingestion key, sent as <c>x-api-key</c>. Never logged.</summary>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    public TelemetrySource Source { get; set; } = TelemetrySource.Client;

    /// <summary>The pool the Meetings App or join launcher serves; required for those sources, ignored for the client.</summary>
    public string? PoolId { get; set; }

    /// <summary>The user's own error-reporting opt-in (the client's Options &gt; General checkbox); off by default.</summary>
    public bool ErrorReportingOptIn { get; set; }

    [Range(1, MaxRecordsPerRequest)]
    public int MaxBatchRecords { get; set; } = MaxRecordsPerRequest;

    /// <summary>Largest uncompressed body; at least one record of the largest size must fit.</summary>
    [Range(MaxRecordBytes + 1024, MaxRequestBytes)]
    public int MaxBatchBytes { get; set; } = MaxRequestBytes - (64 * 1024);

    /// <summary>Records kept while the service cannot be reached; beyond it the oldest are dropped (and counted).</summary>
    [Range(1, 1_000_000)]
    public int MaxBufferedRecords { get; set; } = 10_000;

    /// <summary>The longest a record waits before it is sent when no batch fills up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>GET /api/v1/policy</c> is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PolicyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first retry delay; each further attempt doubles it, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one request may take before it counts as a network failure and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="TelemetryClient.DisposeAsync"/> keeps sending what is buffered before it drops the rest.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Send bodies gzip-compressed (<c>Content-Encoding: gzip</c>).</summary>
    public bool CompressRequests { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("ServiceUri must be an absolute http or https address.", [nameof(ServiceUri)]);
        }

        if (Source != TelemetrySource.Client && string.IsNullOrEmpty(PoolId))
        {
            yield return new ValidationResult($"PoolId is required when Source is {Source}.", [nameof(PoolId)]);
        }
        else if (!string.IsNullOrEmpty(PoolId) && !IdPattern().IsMatch(PoolId))
        {
            yield return new ValidationResult("PoolId must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$.", [nameof(PoolId)]);
        }

        if (InitialRetryDelay > MaxRetryDelay)
        {
            yield return new ValidationResult("InitialRetryDelay must not exceed MaxRetryDelay.", [nameof(InitialRetryDelay)]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>The attributes and rules above, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class TelemetryClientOptionsValidator : IValidateOptions<TelemetryClientOptions>;
