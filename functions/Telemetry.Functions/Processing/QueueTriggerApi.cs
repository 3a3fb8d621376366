using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Ingestion;
using Telemetry.Services.Processing;

namespace Telemetry.Functions.Processing;

/// <summary>
/// POST /ProcessCensus, /ProcessUsage, /ProcessErrors: the Functions host's queue triggers. 200 with the
/// host's JSON answer on success; any other status fails the invocation, so the host retries and finally
/// moves the message to the poison queue.
/// </summary>
public static partial class QueueTriggerApi
{
    private const int MaxInvocationBytes = 1024 * 1024;

    public static string FunctionName(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => "ProcessCensus",
        TelemetryCategory.Usage => "ProcessUsage",
        TelemetryCategory.Errors => "ProcessErrors",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static IEndpointRouteBuilder MapQueueTriggers(this IEndpointRouteBuilder endpoints)
    {
        foreach (var category in TelemetryCategories.All)
        {
            var name = FunctionName(category);
            endpoints.MapPost("/" + name, (HttpContext context, TableWriter writer, ILogger<TableWriter> logger) =>
                    InvokeAsync(category, context, writer, logger))
                .WithName(name)
                .AddEndpointFilter<LoopbackOnlyFilter>()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    public static async Task<IResult> InvokeAsync(TelemetryCategory category, HttpContext context, TableWriter writer, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        using var body = await BoundedBodyReader.ReadAsync(context.Request.Body, gzip: false, MaxInvocationBytes, context.RequestAborted).ConfigureAwait(false);
        if (body.Status != BodyReadStatus.Complete)
        {
            return Problems.PayloadTooLarge("The invocation is larger than a queue message can be.");
        }

        HostInvocation invocation;
        try
        {
            invocation = HostInvocation.Parse(body.Body.Span);
        }
        catch (FormatException exception)
        {
            return Problems.BadRequest("invalid_invocation", exception.Message);
        }

        try
        {
            var stored = await writer.WriteAsync(category, invocation.MessageText, context.RequestAborted).ConfigureAwait(false);
            return TypedResults.Json(new HostInvocationResult(new Dictionary<string, object?>(), [$"Stored {stored} rows."], null));
        }
        catch (FormatException exception)
        {
            // Fails the invocation: the host retries, then poison-queues the message intact.
            // The reason stays out of logs and answers: a malformed message may still carry a clear identifier.
            LogMalformedMessage(logger, FunctionName(category), invocation.MessageId ?? "?", invocation.DequeueCount ?? 0, exception.GetType().Name);
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "malformed_message", "The queue message is malformed.", "The queue message could not be parsed; it will end in the poison queue.");
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "{Function}: message {MessageId} (delivery {DequeueCount}) is malformed ({ExceptionType}).")]
    private static partial void LogMalformedMessage(ILogger logger, string function, string messageId, long dequeueCount, string exceptionType);
}
