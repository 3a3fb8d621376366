using Azure.Core;

namespace Telemetry.Storage;

/// <summary>Options for the storage clients: retries, transport, diagnostics and the REST service version.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The x-ms-version sent when none is chosen; Azure and Azurite 3.37 both accept it.</summary>
    public const string DefaultServiceVersion = "2025-11-05";

    public StorageClientOptions()
    {
        // Exponential back-off honouring Retry-After; transient statuses are Azure.Core's (408, 429, 500, 502, 503, 504).
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(800);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);

        // Only headers and query parameters that never carry keys, receipts or identifiers are logged in clear.
        foreach (var header in (string[])["x-ms-version", "x-ms-date", "x-ms-error-code", "x-ms-request-id", "x-ms-client-request-id",
                     "DataServiceVersion", "MaxDataServiceVersion", "Prefer", "Preference-Applied"])
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var parameter in (string[])["comp", "numofmessages", "visibilitytimeout", "messagettl", "maxresults", "$top"])
        {
            Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    /// <summary>The REST API version sent as x-ms-version.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>The clock that stamps x-ms-date; replaced only by tests that sign a fixed request.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
