using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage;

/// <summary>Stamps x-ms-version and a fresh x-ms-date on every attempt, before the request is signed.</summary>
internal sealed class StorageHeadersPolicy(string serviceVersion, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        message.Request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
    }
}
