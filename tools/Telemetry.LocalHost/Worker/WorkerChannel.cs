using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Protocol;
using MessageType = Telemetry.LocalHost.Protocol.StreamingMessage.ContentOneofCase;

namespace Telemetry.LocalHost.Worker;

/// <summary>
/// The event stream of one worker. Requests go out through one writer; answers are matched by function id or
/// invocation id, since the worker handles messages concurrently. Logs and empty messages may come at any time.
/// </summary>
internal sealed class WorkerChannel(string workerId, WorkerLogRouter logRouter, ILogger protocolLogger)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);

    public string WorkerId => workerId;

    /// <summary>Completes when the worker has opened its stream (StartStream).</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the stream has ended.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _connected.Task.IsCompleted && !_closed.Task.IsCompleted;

    /// <summary>Serves the stream until the worker closes it or the host stops; called by the gRPC service.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> reader, IServerStreamWriter<StreamingMessage> writer, CancellationToken cancellationToken)
    {
        HostLog.Received(protocolLogger, nameof(MessageType.StartStream), workerId);
        _connected.TrySetResult();
        var writing = WriteAsync(writer, cancellationToken);
        try
        {
            while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                Dispatch(reader.Current);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away or the host is stopping: both close the stream.
        }
        finally
        {
            Close();
            await writing.ConfigureAwait(false);
        }
    }

    public Task<WorkerInitResponse> InitializeAsync(WorkerInitRequest request) =>
        RequestAsync(new StreamingMessage { WorkerInitRequest = request }, nameof(MessageType.WorkerInitResponse), m => m.WorkerInitResponse);

    public Task<FunctionMetadataResponse> GetFunctionsAsync(FunctionsMetadataRequest request) =>
        RequestAsync(new StreamingMessage { FunctionsMetadataRequest = request }, nameof(MessageType.FunctionMetadataResponse), m => m.FunctionMetadataResponse);

    public Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request) =>
        RequestAsync(new StreamingMessage { FunctionLoadRequest = request }, Key(MessageType.FunctionLoadResponse, request.FunctionId), m => m.FunctionLoadResponse);

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request) =>
        RequestAsync(new StreamingMessage { InvocationRequest = request }, Key(MessageType.InvocationResponse, request.InvocationId), m => m.InvocationResponse);

    /// <summary>Asks the worker to cancel an invocation; its answer still arrives as an InvocationResponse.</summary>
    public void Cancel(string invocationId) => Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });

    /// <summary>Asks the worker to stop; it drains what it has and exits (the grace period is advisory).</summary>
    public void Terminate(TimeSpan gracePeriod) =>
        Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(gracePeriod) } });

    /// <summary>Fails every pending request and stops writing.</summary>
    public void Close()
    {
        _outbound.Writer.TryComplete();
        _closed.TrySetResult();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var pending))
            {
                pending.TrySetException(new WorkerLostException());
            }
        }
    }

    private async Task<T> RequestAsync<T>(StreamingMessage message, string key, Func<StreamingMessage, T> answer)
    {
        var pending = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, pending))
        {
            throw new InvalidOperationException($"A request {key} is already pending.");
        }

        if (_closed.Task.IsCompleted || !Send(message))
        {
            _pending.TryRemove(key, out _);
            throw new WorkerLostException();
        }

        return answer(await pending.Task.ConfigureAwait(false));
    }

    private bool Send(StreamingMessage message)
    {
        message.RequestId = Guid.NewGuid().ToString();
        if (!_outbound.Writer.TryWrite(message))
        {
            return false;
        }

        HostLog.Sent(protocolLogger, message.ContentCase.ToString(), workerId);
        return true;
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException)
        {
            // The stream is gone; the reader notices too.
            Close();
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            MessageType.WorkerInitResponse => nameof(MessageType.WorkerInitResponse),
            MessageType.FunctionMetadataResponse => nameof(MessageType.FunctionMetadataResponse),
            MessageType.FunctionLoadResponse => Key(MessageType.FunctionLoadResponse, message.FunctionLoadResponse.FunctionId),
            MessageType.InvocationResponse => Key(MessageType.InvocationResponse, message.InvocationResponse.InvocationId),
            _ => null,
        };

        if (message.ContentCase == MessageType.RpcLog)
        {
            logRouter.Log(message.RpcLog);
            return;
        }

        // Anything else (empty messages, status answers, kinds this host does not declare) is tolerated.
        HostLog.Received(protocolLogger, message.ContentCase.ToString(), workerId);
        if (key is not null && _pending.TryRemove(key, out var pending))
        {
            pending.TrySetResult(message);
        }
    }

    private static string Key(MessageType type, string id) => $"{type}:{id}";
}
