using System.Diagnostics;
using System.Text.Json;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.Web;

/// <summary>
/// The web module's own rules under Node (the engine Chromium uses), each check in module-checks.mjs, with a stand-in
/// fetch where a real service cannot show the case. Its behaviour against the real service is proven in Chromium.
/// </summary>
public sealed class WebModuleTests
{
    [Fact]
    public async Task TheCensusUserIdHashIsSha256OfTheTrimmedLowerCasedId()
    {
        var hash = await CheckAsync("hash");
        Assert.Equal(UserIdHash.Compute("abc"), hash.GetString());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.GetString());
    }

    [Fact]
    public async Task TheBackoffDoublesWithJitterUpToTheCapAndNeverUndercutsRetryAfter()
    {
        var delays = (await CheckAsync("backoff")).EnumerateArray().Select(pair => pair.EnumerateArray().Select(d => d.GetDouble()).ToArray()).ToArray();

        Assert.Equal([500, 1000, 2000, 30_000, 30_000], delays[..5].Select(d => d[0]));
        Assert.All(delays[..5].Zip([1000.0, 2000, 4000, 60_000, 60_000]), p => Assert.InRange(p.First[1], p.Second - 1, p.Second));
        Assert.Equal([7000, 16_000, 600_000], delays[5]);
    }

    [Fact]
    public async Task InvalidOptionsAndFieldsOutsideTheContractAreRefusedByName()
    {
        var options = (await CheckAsync("invalidOptions")).GetString();
        Assert.Contains("poolId is required for source meetingsApp", options, StringComparison.Ordinal);
        Assert.Contains("maxBatchRecords", options, StringComparison.Ordinal);
        Assert.Equal("usage record: email is not a field of the contract.", (await CheckAsync("unknownField")).GetString());
    }

    [Fact]
    public async Task BatchesStayUnderTheByteLimitAndCarryEveryRecordOnce()
    {
        var result = await CheckAsync("batchesBySize");

        var bytes = result.GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()).ToList();
        Assert.True(bytes.Count > 1, "the records should not fit one batch");
        Assert.All(bytes, size => Assert.InRange(size, 1, 40_000));
        var ids = result.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(200, ids.Count);
        Assert.Equal(200, result.GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task RetriesAfter503SendTheSameRecordIdsAndWaitForRetryAfter()
    {
        var result = await CheckAsync("retrySameIds");

        var attempts = result.GetProperty("ids").EnumerateArray().Select(a => string.Join(",", a.EnumerateArray().Select(i => i.GetString()))).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Distinct());
        Assert.Equal(2, result.GetProperty("counters").GetProperty("retried").GetInt32());
        Assert.Equal(5, result.GetProperty("counters").GetProperty("sent").GetInt32());

        // Two answers asked for a second each; the client's own back-off (10-20 ms) alone would not wait that long.
        Assert.True(result.GetProperty("waitedMs").GetInt32() >= 1900, result.ToString());
    }

    [Fact]
    public async Task SuppressedAndRejectedRecordsOfAnAcceptedBatchAreNotSentAgain()
    {
        var result = await CheckAsync("receiptNotRetried");

        Assert.Equal(1, result.GetProperty("posts").GetInt32());
        var counters = result.GetProperty("counters");
        Assert.Equal((1, 1, 1, 0), (counters.GetProperty("sent").GetInt32(), counters.GetProperty("suppressed").GetInt32(), counters.GetProperty("rejected").GetInt32(), counters.GetProperty("retried").GetInt32()));
    }

    [Fact]
    public async Task ABodyTooLargeIsSentAgainInHalves()
    {
        var result = await CheckAsync("tooLargeSplits");

        Assert.Equal([10, 5, 5], result.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(10, result.GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task AFullBufferKeepsTheNewestRecordsAndCountsTheDroppedOnes()
    {
        var result = await CheckAsync("bufferDropsOldest");

        Assert.Equal(2, result.GetProperty("dropped").GetInt32());
        Assert.Equal([2, 3, 4], result.GetProperty("imSent").EnumerateArray().Select(i => i.GetInt32()));
    }

    [Fact]
    public async Task WhatThePolicyOrTheMissingOptInSuppressesIsNeverSent()
    {
        var result = await CheckAsync("policyAndOptIn");

        var tracked = result.GetProperty("tracked");
        Assert.False(tracked.GetProperty("usage").GetBoolean());
        Assert.False(tracked.GetProperty("errorWithoutOptIn").GetBoolean());
        Assert.True(tracked.GetProperty("errorWithOptIn").GetBoolean());
        var posted = Assert.Single(result.GetProperty("posted").EnumerateArray());
        Assert.Equal("errors", posted.GetProperty("route").GetString());
        Assert.Contains("\"userOptIn\":true", posted.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, result.GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public async Task ARefusedKeyStopsTheClientWithoutRetries()
    {
        var result = await CheckAsync("unauthorizedStops");

        Assert.Equal(1, result.GetProperty("posts").GetInt32());
        Assert.False(result.GetProperty("after").GetBoolean());
        Assert.Equal(3, result.GetProperty("counters").GetProperty("dropped").GetInt32());
        Assert.Equal(0, result.GetProperty("counters").GetProperty("retried").GetInt32());
    }

    private static async Task<JsonElement> CheckAsync(string check)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "tests", "Telemetry.Client.Tests", "Web", "module-checks.mjs"));
        start.ArgumentList.Add(check);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await error}");
        using var result = JsonDocument.Parse(await output);
        return result.RootElement.Clone();
    }
}
