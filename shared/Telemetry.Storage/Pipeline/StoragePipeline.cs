using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage;

/// <summary>
/// One service's HTTP pipeline (headers, authorization, retries) plus the rules every operation shares:
/// a diagnostic activity per operation and <see cref="StorageRequestException"/> for every failure.
/// </summary>
internal sealed class StoragePipeline
{
    public const string ActivitySourceName = "Telemetry.Storage";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly HttpPipeline _pipeline;

    public StoragePipeline(Uri serviceUri, StorageClientOptions options, HttpPipelinePolicy authorization)
    {
        ServiceUri = serviceUri;
        var headers = new StorageHeadersPolicy(options.ServiceVersion, options.TimeProvider);
        _pipeline = HttpPipelineBuilder.Build(options, [], [headers, authorization], new ResponseClassifier());
    }

    /// <summary>The service endpoint, without a trailing slash.</summary>
    public Uri ServiceUri { get; }

    public HttpMessage CreateMessage(RequestMethod method, ResponseClassifier classifier)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(ServiceUri);
        message.ResponseClassifier = classifier;
        return message;
    }

    /// <summary>Sends <paramref name="message"/>; throws <see cref="StorageRequestException"/> unless its classifier accepts the answer.</summary>
    public async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("az.namespace", "Microsoft.Storage");
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            activity?.SetStatus(ActivityStatusCode.Error, "no answer");
            throw new StorageRequestException(0, null, $"The storage service did not answer: {ex.Message}", ex);
        }

        var response = message.Response;
        activity?.SetTag("http.response.status_code", response.Status);
        if (response.IsError)
        {
            var error = StorageErrors.FromResponse(response);
            activity?.SetTag("error.type", error.ErrorCode ?? response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity?.SetStatus(ActivityStatusCode.Error);
            throw error;
        }

        return response;
    }

    /// <summary>Reads an accepted answer; a body that does not parse is a storage failure, not a crash of the caller.</summary>
    public static T Read<T>(Response response, Func<Response, T> read)
    {
        try
        {
            return read(response);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Xml.XmlException or FormatException
                                       or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            throw new StorageRequestException(response.Status, null, $"The storage service's answer could not be read: {ex.Message}", ex);
        }
    }

    // Azure.Core reports exhausted retries of network failures and timeouts this way; the caller's own cancellation stays as it is.
    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is RequestFailedException or AggregateException or IOException or HttpRequestException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
