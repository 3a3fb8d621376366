using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Administration;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Middleware;

/// <summary>
/// What escapes a function becomes problem+json. The real app cannot be made to throw an arbitrary exception on
/// demand, so the mapping is exercised here on a real HttpContext; the end-to-end tests cover storage outages.
/// </summary>
public sealed class ProblemResponseMiddlewareTests
{
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task AnUnexpectedExceptionIsA500ProblemThatRevealsNothingAndLogsOnlyItsType()
    {
        var (status, body, http) = await AnswerAsync(new InvalidOperationException("secret sip:amos@contoso.example"));

        Assert.Equal(500, status);
        Assert.Equal("internal_error", body.GetProperty("code").GetString());
        Assert.DoesNotContain("amos", body.GetRawText(), StringComparison.Ordinal);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
        var line = Assert.Single(_logs.GetSnapshot());
        Assert.Contains(nameof(InvalidOperationException), line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("amos", line.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageFailure.Unreachable, "storage_unavailable")]
    [InlineData(StorageFailure.DeadlineExceeded, "deadline_exceeded")]
    public async Task StorageThatCouldNotBeReachedIsA503WithRetryAfter(StorageFailure failure, string code)
    {
        var (status, body, http) = await AnswerAsync(new StorageUnavailableException(failure));

        Assert.Equal(503, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task AChangeThatKeptLosingToOthersIsA409()
    {
        var (status, body, _) = await AnswerAsync(new ConcurrentChangeException());

        Assert.Equal(409, status);
        Assert.Equal("concurrent_change", body.GetProperty("code").GetString());
    }

    [Fact]
    public void AClientThatWentAwayGetsNoAnswerAtAll()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token };

        Assert.Null(Middleware().ForException(new OperationCanceledException(aborted.Token), http));
    }

    private ProblemResponseMiddleware Middleware()
    {
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(_logs)));
        return new ProblemResponseMiddleware(loggers.CreateLogger<ProblemResponseMiddleware>());
    }

    private async Task<(int Status, JsonElement Body, HttpContext Http)> AnswerAsync(Exception exception)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        http.Request.Path = "/api/v1/usage";
        http.Response.Body = new MemoryStream();
        var result = Middleware().ForException(exception, http) ?? throw new InvalidOperationException("No answer.");

        await result.ExecuteAsync(http);

        http.Response.Body.Position = 0;
        Assert.Equal("application/problem+json", http.Response.ContentType);
        return (http.Response.StatusCode, (await JsonDocument.ParseAsync(http.Response.Body)).RootElement.Clone(), http);
    }
}
