using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Functions;

/// <summary>A function as one worker reported it: its id in that worker, its metadata and its trigger.</summary>
internal sealed record FunctionDescriptor(string Name, string FunctionId, RpcFunctionMetadata Metadata, TriggerBinding? Trigger)
{
    public static FunctionDescriptor From(RpcFunctionMetadata metadata) =>
        new(metadata.Name, metadata.FunctionId, metadata, TriggerBinding.Find(metadata.RawBindings));
}
