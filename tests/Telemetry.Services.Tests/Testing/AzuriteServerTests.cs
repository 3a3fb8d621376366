using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Testing;

public partial class AzuriteServerTests
{
    [Fact]
    public async Task SharedServerListensOnLoopbackQueueAndTablePorts()
    {
        var server = await AzuriteServer.SharedAsync();

        Assert.Equal("127.0.0.1", server.QueueEndpoint.Host);
        Assert.Equal("127.0.0.1", server.TableEndpoint.Host);
        Assert.NotEqual(server.QueueEndpoint.Port, server.TableEndpoint.Port);
        await AssertAcceptsAsync(server.QueueEndpoint.Port);
        await AssertAcceptsAsync(server.TableEndpoint.Port);
        Assert.Contains($"QueueEndpoint={server.QueueEndpoint}", server.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"TableEndpoint={server.TableEndpoint}", server.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedServerIsTheSameInstanceForEveryCaller()
    {
        var first = await AzuriteServer.SharedAsync();
        var second = await AzuriteServer.SharedAsync();

        Assert.Same(first, second);
    }

    [Fact]
    public async Task PrivateServerStopsListeningWhenDisposed()
    {
        int port;
        await using (var server = await AzuriteServer.StartNewAsync())
        {
            port = server.TableEndpoint.Port;
            await AssertAcceptsAsync(port);
        }

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public void MissingNodeModulesIsReportedWithTheCommandThatInstallsThem()
    {
        var empty = Directory.CreateTempSubdirectory("no-node-modules-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => AzuriteLauncher.Locate(empty.FullName));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void AzuriteIsFoundByWalkingUpFromTheTestBinaries()
    {
        var launcher = AzuriteLauncher.Locate();

        Assert.True(File.Exists(Path.Combine(launcher.NodeModules, "azurite", "package.json")));
        Assert.StartsWith(Path.GetDirectoryName(launcher.NodeModules)!, AppContext.BaseDirectory, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("census")]
    [InlineData("Poison Queue__with--Odd  characters!")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("a-very-long-prefix-that-goes-on-and-on-beyond-what-any-queue-name-allows-at-all")]
    public void QueueNamesAreValidAndUnique(string prefix)
    {
        var first = TestNames.Queue(prefix);
        var second = TestNames.Queue(prefix);

        Assert.Matches(QueueName(), first);
        Assert.InRange(first.Length, 3, 63);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("Census")]
    [InlineData("9 policies-and more")]
    [InlineData("")]
    [InlineData("a-very-long-prefix-that-goes-on-and-on-beyond-what-any-table-name-allows-at-all")]
    public void TableNamesAreValidAndUnique(string prefix)
    {
        var first = TestNames.Table(prefix);
        var second = TestNames.Table(prefix);

        Assert.Matches(TableName(), first);
        Assert.InRange(first.Length, 3, 63);
        Assert.NotEqual(first, second);
    }

    private static async Task AssertAcceptsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        Assert.True(client.Connected);
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$")]
    private static partial Regex QueueName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex TableName();
}
