using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Queues;

/// <summary>
/// What a queue invocation carries, as the host sends it. The trigger value, under the binding's name: model binding
/// data (the message as JSON) when the worker binds an SDK type (QueueMessage, BinaryData), bytes for a binary
/// binding, the text otherwise. The binding data: <c>QueueTrigger</c>, <c>Id</c> and <c>PopReceipt</c> as strings,
/// <c>DequeueCount</c> and the three times as JSON.
/// </summary>
internal static class QueueTriggerInput
{
    private const string ModelBindingVersion = "1.0";
    private const string ModelBindingSource = "AzureStorageQueues";
    private const string JsonContentType = "application/json";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static TypedData Value(QueueMessage message, TriggerBinding binding)
    {
        if (binding.SupportsDeferredBinding)
        {
            var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["MessageId"] = message.MessageId,
                ["InsertedOn"] = message.InsertedOn,
                ["ExpiresOn"] = message.ExpiresOn,
                ["PopReceipt"] = message.PopReceipt,
                ["NextVisibleOn"] = message.NextVisibleOn,
                ["Body"] = message.Body.ToArray(),
                ["DequeueCount"] = message.DequeueCount,
                ["MessageText"] = message.Body.ToString(),
            });
            return new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = ModelBindingVersion,
                    Source = ModelBindingSource,
                    ContentType = JsonContentType,
                    Content = ByteString.CopyFrom(content),
                },
            };
        }

        return string.Equals(binding.DataType, "binary", StringComparison.OrdinalIgnoreCase)
            ? new TypedData { Bytes = ByteString.CopyFrom(message.Body.ToMemory().Span) }
            : new TypedData { String = message.Body.ToString() };
    }

    public static void AddMetadata(MapField<string, TypedData> metadata, QueueMessage message)
    {
        // Not for a body that is not text, as in the host.
        if (TryGetText(message, out var text))
        {
            metadata["QueueTrigger"] = new TypedData { String = text };
        }

        metadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        metadata["ExpirationTime"] = Time(message.ExpiresOn ?? DateTimeOffset.MaxValue);
        metadata["Id"] = new TypedData { String = message.MessageId };
        metadata["InsertionTime"] = Time(message.InsertedOn ?? DateTimeOffset.UtcNow);
        metadata["NextVisibleTime"] = Time(message.NextVisibleOn ?? DateTimeOffset.MaxValue);
        metadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
    }

    // The host serializes times with Json.NET's ISO format: "2026-12-01T10:00:00+00:00".
    private static TypedData Time(DateTimeOffset value) =>
        new() { Json = JsonSerializer.Serialize(value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", CultureInfo.InvariantCulture)) };

    private static bool TryGetText(QueueMessage message, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(message.Body.ToMemory().Span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}
