using System.Text.Json;
using Azure;
using Azure.Core;

namespace Telemetry.Storage;

/// <summary>The headers, query options and body handling every Table service request shares.</summary>
internal static class TableRequests
{
    // Exactly this Accept value: a charset parameter is refused by the emulator.
    public const string Accept = "application/json;odata=minimalmetadata";

    public static HttpMessage Create(StoragePipeline pipeline, RequestMethod method, ResponseClassifier classifier, string path)
    {
        var message = pipeline.CreateMessage(method, classifier);
        message.Request.Uri.AppendPath(path, escape: false);
        var headers = message.Request.Headers;
        headers.SetValue("Accept", Accept);
        headers.SetValue("DataServiceVersion", "3.0");
        headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    public static void SetJsonBody(HttpMessage message, byte[] json)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(json);
    }

    public static void AppendSelect(HttpMessage message, IEnumerable<string>? select)
    {
        // The keys are always selected: an entity without them could not be written back.
        var columns = select?.Where(c => c is not ("PartitionKey" or "RowKey")).ToList();
        if (columns is { Count: > 0 })
        {
            message.Request.Uri.AppendQuery("$select", string.Join(',', ["PartitionKey", "RowKey", .. columns]));
        }
    }

    public static void AppendQuery(HttpMessage message, string? filter, IEnumerable<string>? select, int? top)
    {
        if (!string.IsNullOrEmpty(filter))
        {
            message.Request.Uri.AppendQuery("$filter", filter);
        }

        AppendSelect(message, select);
        if (top is { } count)
        {
            message.Request.Uri.AppendQuery("$top", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static List<TableEntity> ReadEntities(Response response)
    {
        using var document = JsonDocument.Parse(response.Content.ToMemory());
        return document.RootElement.GetProperty("value").EnumerateArray().Select(TableEntityJson.Read).ToList();
    }

    public static string ETag(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : throw new FormatException("the ETag header is missing.");
}
