using Telemetry.Core;
using Telemetry.Services.Processing;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Processing;

/// <summary>
/// The queue-triggered side: each message's records pseudonymized and upserted into its table. Retries, the
/// dequeue count and the move to &lt;queue&gt;-poison are the host's (host.json extensions.queues); an invocation
/// fails by throwing, and a redelivered message rewrites the same rows.
/// </summary>
public sealed partial class ProcessingFunctions(TableWriter writer, ILogger<ProcessingFunctions> logger)
{
    [Function("ProcessCensus")]
    public Task ProcessCensusAsync([QueueTrigger(TelemetryCategories.CensusQueue, Connection = StorageNames.ConnectionSetting)] string message, FunctionContext context) =>
        StoreAsync(TelemetryCategory.Census, message, context);

    [Function("ProcessUsage")]
    public Task ProcessUsageAsync([QueueTrigger(TelemetryCategories.UsageQueue, Connection = StorageNames.ConnectionSetting)] string message, FunctionContext context) =>
        StoreAsync(TelemetryCategory.Usage, message, context);

    [Function("ProcessErrors")]
    public Task ProcessErrorsAsync([QueueTrigger(TelemetryCategories.ErrorsQueue, Connection = StorageNames.ConnectionSetting)] string message, FunctionContext context) =>
        StoreAsync(TelemetryCategory.Errors, message, context);

    private async Task StoreAsync(TelemetryCategory category, string message, FunctionContext context)
    {
        try
        {
            await writer.WriteAsync(category, message, context.CancellationToken);
        }
        catch (FormatException exception)
        {
            var bindingData = context.BindingContext.BindingData;
            LogMalformedMessage(logger, context.FunctionDefinition.Name, bindingData.GetValueOrDefault("Id")?.ToString() ?? "?",
                bindingData.GetValueOrDefault("DequeueCount")?.ToString() ?? "?", exception.GetType().Name);

            // The host logs a failed invocation's exception: this one says what happened without quoting the message.
            throw new MalformedMessageException();
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "{Function}: message {MessageId} (delivery {DequeueCount}) is malformed ({ExceptionType}); it goes to the poison queue once its deliveries are used up.")]
    private static partial void LogMalformedMessage(ILogger logger, string function, string messageId, string dequeueCount, string exceptionType);
}

/// <summary>A queue message that cannot be stored: parsing it failed, and no retry will change that.</summary>
internal sealed class MalformedMessageException : Exception
{
    public MalformedMessageException()
        : base("The queue message is malformed and cannot be stored.")
    {
    }

    public MalformedMessageException(string message)
        : base(message)
    {
    }

    public MalformedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
