using System.Net;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Worker;

public sealed class ProtocolSequenceTests
{
    [Fact]
    public async Task EachPhaseIsAnsweredBeforeTheNextBeginsFromStartStreamToWorkerTerminate()
    {
        var app = await SampleHost.StartAsync();
        using (var response = await app.Http.GetAsync("api/ping"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.TrueAsync(() => Protocol(app).Contains("Received InvocationResponse"), "the invocation's answer", context: app.LogTail);
        await app.DisposeAsync();

        var steps = Protocol(app);
        int First(string step) => steps.IndexOf(step);
        int Last(string step) => steps.LastIndexOf(step);
        var functions = app.Host.Functions.Count;

        Assert.Equal(0, First("Received StartStream"));
        Assert.True(First("Received StartStream") < First("Sent WorkerInitRequest"));
        Assert.True(First("Sent WorkerInitRequest") < First("Received WorkerInitResponse"));
        Assert.True(First("Received WorkerInitResponse") < First("Sent FunctionsMetadataRequest"));
        Assert.True(First("Sent FunctionsMetadataRequest") < First("Received FunctionMetadataResponse"));
        Assert.True(First("Received FunctionMetadataResponse") < First("Sent FunctionLoadRequest"));
        Assert.Equal(functions, steps.Count(s => s == "Sent FunctionLoadRequest"));
        Assert.Equal(functions, steps.Count(s => s == "Received FunctionLoadResponse"));
        Assert.True(Last("Received FunctionLoadResponse") < First("Sent InvocationRequest"));
        Assert.True(First("Sent InvocationRequest") < First("Received InvocationResponse"));
        Assert.True(Last("Received InvocationResponse") < First("Sent WorkerTerminate"));
    }

    // The protocol log, without the worker ids: "Sent X" and "Received X".
    private static List<string> Protocol(SampleHost app) => app.Logs.GetSnapshot()
        .Where(r => r.Category == "Telemetry.LocalHost.Protocol")
        .Select(r => r.Message[..r.Message.IndexOf(' ', r.Message.IndexOf(' ', StringComparison.Ordinal) + 1)])
        .ToList();
}
