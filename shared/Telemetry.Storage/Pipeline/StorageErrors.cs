using System.Text.Json;
using System.Xml;
using Azure;

namespace Telemetry.Storage;

/// <summary>Turns a refused answer into a <see cref="StorageRequestException"/> with the service's code and message.</summary>
internal static class StorageErrors
{
    public static StorageRequestException FromResponse(Response response)
    {
        var (bodyCode, bodyMessage) = ReadBody(response);
        var code = response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : bodyCode;
        return new StorageRequestException(response.Status, code, Describe(response.Status, code, bodyMessage ?? response.ReasonPhrase));
    }

    public static string Describe(int status, string? code, string? detail)
    {
        var label = code is null ? $"{status}" : $"{status} ({code})";

        // The service appends RequestId and Time lines; the first line is the explanation.
        var firstLine = detail?.Split('\n', 2)[0].Trim();
        return string.IsNullOrEmpty(firstLine)
            ? $"The storage service refused the request: {label}."
            : $"The storage service refused the request: {label}: {firstLine}";
    }

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var first = content.ToMemory().Span.TrimStart(" \r\n\t\uFEFF"u8);
            return first.Length > 0 && first[0] == (byte)'{' ? ReadJson(content) : ReadXml(content);
        }
        catch (Exception ex) when (ex is JsonException or XmlException)
        {
            // An unreadable error body still leaves the status and the x-ms-error-code header.
            return (null, null);
        }
    }

    // Table service: {"odata.error":{"code":"…","message":{"value":"…"}}}
    private static (string?, string?) ReadJson(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        if (!document.RootElement.TryGetProperty("odata.error", out var error))
        {
            return (null, null);
        }

        var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
        var message = error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v) ? v.GetString() : null;
        return (code, message);
    }

    // Queue service: <Error><Code>…</Code><Message>…</Message></Error>
    private static (string?, string?) ReadXml(BinaryData content)
    {
        using var reader = XmlReader.Create(content.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        string? code = null, message = null;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Code" or "Message")
            {
                var isCode = reader.LocalName == "Code";
                var text = reader.ReadElementContentAsString();
                (code, message) = isCode ? (text, message) : (code, text);
            }
            else
            {
                reader.Read();
            }
        }

        return (code, message);
    }
}
