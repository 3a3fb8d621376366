using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Processing;

namespace Telemetry.Functions.Tests.Processing;

/// <summary>
/// Queue-trigger routes store records that were already decided; a caller that is not the local Functions
/// host must not reach them. (The end-to-end queue-trigger tests prove that loopback callers still do.)
/// </summary>
public sealed class LoopbackOnlyFilterTests
{
    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.1.2.3")]
    [InlineData("2001:db8::1")]
    public async Task ACallerOnAnotherAddressIsRefusedWithoutReachingTheProcessor(string address)
    {
        var (result, reached) = await InvokeFrom(IPAddress.Parse(address));

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        Assert.Equal("host_only", problem.ProblemDetails.Extensions["code"]);
        Assert.False(reached);
    }

    [Fact]
    public async Task ACallWithoutARemoteAddressIsRefused()
    {
        var (result, reached) = await InvokeFrom(null);

        Assert.IsType<ProblemHttpResult>(result);
        Assert.False(reached);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task TheHostOnLoopbackReachesTheProcessor(string address)
    {
        var (result, reached) = await InvokeFrom(IPAddress.Parse(address));

        Assert.True(reached);
        Assert.Equal("processed", result);
    }

    private static async Task<(object? Result, bool Reached)> InvokeFrom(IPAddress? remote)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = remote;
        var reached = false;
        var result = await new LoopbackOnlyFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(http),
            _ =>
            {
                reached = true;
                return ValueTask.FromResult<object?>("processed");
            });
        return (result, reached);
    }
}
