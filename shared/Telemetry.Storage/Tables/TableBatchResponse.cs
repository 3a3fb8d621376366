using System.Globalization;
using System.Text.Json;
using Azure;

namespace Telemetry.Storage;

/// <summary>
/// Reads the multipart answer to a batch: each part's status line and body, in order. The service answers 202
/// even when the changeset was rolled back; the failing part's message starts with the operation's index ("1:…").
/// </summary>
internal static class TableBatchResponse
{
    /// <summary>Returns the number of operation results when every operation succeeded.</summary>
    public static int ThrowIfFailed(Response response, int actionCount)
    {
        var parts = Parse(response.Content.ToString());
        if (parts.Count == 0)
        {
            throw new StorageRequestException(response.Status, null, "The storage service's answer to a transaction held no operation results.");
        }

        for (var position = 0; position < parts.Count; position++)
        {
            var (status, body) = parts[position];
            if (status < 400)
            {
                continue;
            }

            var (code, detail) = ReadError(body);
            var index = FailedIndex(detail) ?? (parts.Count == actionCount ? position : 0);
            var explanation = detail is null ? null : StripIndex(detail);
            throw new TableTransactionFailedException(
                status, code, index, $"Operation {index} of the transaction failed; nothing was written. " + StorageErrors.Describe(status, code, explanation));
        }

        return parts.Count;
    }

    internal static List<(int Status, string Body)> Parse(string content)
    {
        var parts = new List<(int, string)>();
        var lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }

            var status = int.Parse(lines[i].AsSpan(9, 3), CultureInfo.InvariantCulture);

            // Headers end at the first blank line; the body runs to the next boundary.
            var j = i + 1;
            while (j < lines.Length && lines[j].Length > 0)
            {
                j++;
            }

            var body = new List<string>();
            for (j++; j < lines.Length && !lines[j].StartsWith("--", StringComparison.Ordinal); j++)
            {
                body.Add(lines[j]);
            }

            parts.Add((status, string.Join('\n', body).Trim()));
            i = j - 1;
        }

        return parts;
    }

    private static (string? Code, string? Message) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var error = document.RootElement.GetProperty("odata.error");
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v) ? v.GetString() : null;
            return (code, message);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static int? FailedIndex(string? message)
    {
        var colon = message?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static string StripIndex(string message) =>
        FailedIndex(message) is null ? message : message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
