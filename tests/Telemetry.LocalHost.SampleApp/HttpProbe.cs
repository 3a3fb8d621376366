using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Telemetry.LocalHost.SampleApp;

/// <summary>HTTP functions that answer with what they received, so that tests can see what the host forwarded.</summary>
public static class HttpProbe
{
    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", "put", "delete", Route = "tenants/{tenantId}/echo/{*rest}")] HttpRequest req,
        string tenantId,
        string? rest,
        string? x,
        string? code,
        FunctionContext context)
    {
        var body = req.Headers.ContentEncoding.ToString() == "gzip"
            ? await new StreamReader(new GZipStream(req.Body, CompressionMode.Decompress)).ReadToEndAsync()
            : await new StreamReader(req.Body).ReadToEndAsync();
        return new OkObjectResult(new EchoResponse(
            tenantId,
            rest,
            req.Method,
            req.Path.Value ?? string.Empty,
            req.QueryString.Value ?? string.Empty,
            req.Headers["x-probe"].ToString(),
            req.ContentType,
            body,
            context.InvocationId,
            req.Headers["x-ms-invocation-id"].ToString(),
            x,
            code));
    }

    [Function("Ping")]
    public static IActionResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest req) =>
        new ContentResult { Content = "pong", ContentType = "text/plain", StatusCode = StatusCodes.Status200OK };

    [Function("Item")]
    public static IActionResult Item([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest req, int id) =>
        new OkObjectResult(new { id });

    [Function("Slow")]
    public static async Task<IActionResult> Slow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow/{milliseconds:int}")] HttpRequest req, int milliseconds)
    {
        await Task.Delay(milliseconds, req.HttpContext.RequestAborted);
        return new OkResult();
    }

    /// <summary>The value of an environment variable as the worker sees it (404 when it is not set).</summary>
    [Function("Setting")]
    public static IActionResult Setting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings/{name}")] HttpRequest req, string name) =>
        Environment.GetEnvironmentVariable(name) is { } value ? new OkObjectResult(new { name, value }) : new NotFoundResult();

    /// <summary>Answers 500 from the worker: a function that throws.</summary>
    [Function("Throw")]
    public static IActionResult Throw([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "throw")] HttpRequest req) =>
        throw new InvalidOperationException("Throw always throws.");
}

public sealed record EchoResponse(
    string TenantId,
    string? Rest,
    string Method,
    string Path,
    string Query,
    string Probe,
    string? ContentType,
    string Body,
    string InvocationId,
    string InvocationHeader,
    string? BoundX,
    string? BoundCode);
