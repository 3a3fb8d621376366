using Grpc.Core;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Worker;

/// <summary>The host side of <c>FunctionRpc.EventStream</c>: a worker opens it and says who it is with StartStream.</summary>
internal sealed class FunctionRpcService(WorkerStreams streams, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return;
        }

        var first = requestStream.Current;
        var workerId = first.ContentCase == StreamingMessage.ContentOneofCase.StartStream ? first.StartStream.WorkerId : string.Empty;
        if (!streams.TryClaim(workerId, out var channel))
        {
            HostLog.UnknownStream(logger, workerId);
            return;
        }

        await channel.RunAsync(requestStream, responseStream, context.CancellationToken).ConfigureAwait(false);
    }
}
