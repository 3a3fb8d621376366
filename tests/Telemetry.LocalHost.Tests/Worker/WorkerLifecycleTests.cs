using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Worker;

public sealed class WorkerLifecycleTests
{
    [Fact]
    public async Task AKilledWorkerIsReplacedAndTheNewOneAnswers()
    {
        await using var app = await SampleHost.StartAsync();
        var first = await app.Host.WaitForWorkerAsync();

        Kill(first);
        var second = await NewWorkerAsync(app, first);

        using var response = await app.Http.GetAsync("api/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(second, app.Host.WorkerProcessId);
        var messages = app.Logs.GetSnapshot().Select(r => r.Message).ToArray();
        Assert.Contains(messages, m => m.StartsWith($"Worker process {first} exited with code", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Restarting the worker in", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"Worker process {second} initialized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARequestInFlightWhenTheWorkerDiesIsAServiceUnavailable()
    {
        await using var app = await SampleHost.StartAsync();
        var worker = await app.Host.WaitForWorkerAsync();
        var invocationsBefore = Sent(app, "InvocationRequest");

        var slow = app.Http.GetAsync("api/slow/60000");
        await Eventually.TrueAsync(() => Sent(app, "InvocationRequest") > invocationsBefore, "the slow request's invocation", context: app.LogTail);
        Kill(worker);
        using var response = await slow;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("worker_unavailable", (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["code"].ToString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task AFunctionThatRunsPastItsTimeoutFailsAndItsWorkerIsReplaced()
    {
        await using var app = await SampleHost.StartAsync(settings: s => s["AzureFunctionsJobHost__functionTimeout"] = "00:00:02");
        var worker = await app.Host.WaitForWorkerAsync();

        using var response = await app.Http.GetAsync("api/slow/60000");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Timeout value of 00:00:02 exceeded by function 'Functions.Slow'", StringComparison.Ordinal));
        await NewWorkerAsync(app, worker);
    }

    [Fact]
    public async Task NoWorkerIsLeftAfterTheHostIsDisposed()
    {
        var app = await SampleHost.StartAsync();
        var worker = Process.GetProcessById(await app.Host.WaitForWorkerAsync());

        await app.DisposeAsync();

        // A graceful stop: WorkerTerminate, and the worker exits on its own.
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), "The worker is still running.");
        Assert.True(app.Logs.GetSnapshot().Any(r => r.Message == $"Worker process {worker.Id} stopped with code 0."), app.LogTail());
    }

    [Fact]
    public async Task AWorkerThatFailsAtStartUpFailsTheStartWithItsError()
    {
        var error = await Assert.ThrowsAsync<LocalHostStartException>(() =>
            SampleHost.StartAsync(settings: s => s["SampleFailsAtStart"] = "The sample was told to fail."));

        Assert.StartsWith("The worker did not start: the worker exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: The sample was told to fail.", error.Message, StringComparison.Ordinal);
    }

    private static int Sent(SampleHost app, string messageType) =>
        app.Logs.GetSnapshot().Count(r => r.Message.StartsWith($"Sent {messageType} ", StringComparison.Ordinal));

    private static void Kill(int processId)
    {
        using var process = Process.GetProcessById(processId);
        process.Kill();
    }

    private static async Task<int> NewWorkerAsync(SampleHost app, int previous)
    {
        var next = 0;
        await Eventually.TrueAsync(
            async () => (next = await app.Host.WaitForWorkerAsync()) != previous,
            "a new worker",
            context: app.LogTail);
        return next;
    }
}
