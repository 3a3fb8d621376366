using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;
using Telemetry.Core;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Tenants;
using Telemetry.Functions.Tests.Admin;
using Telemetry.Storage;

namespace Telemetry.Functions.Tests.Tenants;

/// <summary>The tenant directory against a real Policies table on Azurite, edited the way admins edit it by hand.</summary>
public class TenantDirectoryTests
{
    private const int CacheSeconds = 5;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(CacheSeconds);

    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<PolicyReader> _log = new();

    [Fact]
    public async Task An_unknown_key_finds_no_tenant()
    {
        var directory = Directory(await TestPolicyTables.CreateAsync());

        Assert.Null(await directory.FindTenantByKeyAsync(IngestionKeys.NewKey()));
        Assert.Null(await directory.FindTenantByKeyAsync(string.Empty));
        Assert.Null(await directory.FindTenantByKeyAsync(new string('x', IngestionKeys.MaxKeyLength + 1)));
    }

    [Fact]
    public async Task A_key_written_by_hand_finds_its_tenant()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var key = await tables.AddKeyByHandAsync("contoso");

        Assert.Equal("contoso", await Directory(tables).FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_key_revoked_by_hand_is_refused_once_the_cache_bound_has_passed()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var key = await tables.AddKeyByHandAsync("contoso");
        var directory = Directory(tables);
        Assert.Equal("contoso", await directory.FindTenantByKeyAsync(key));

        await tables.EditByHandAsync(PolicyTable.KeyPartition, IngestionKeys.Hash(key), PolicyTable.Revoked, true);
        _time.Advance(Bound);

        Assert.Null(await directory.FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_key_whose_revoked_flag_is_unreadable_is_refused_and_the_warning_names_its_key_id_not_the_key()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var key = await tables.AddKeyByHandAsync("contoso", revoked: "no");

        Assert.Null(await Directory(tables).FindTenantByKeyAsync(key));
        var warning = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("Revoked", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestionKeys.Hash(key), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_a_tenant_is_unknown()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var key = IngestionKeys.NewKey();
        await tables.EditByHandAsync(PolicyTable.KeyPartition, IngestionKeys.Hash(key), PolicyTable.KeyId, "k000000000001");

        Assert.Null(await Directory(tables).FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_tenant_without_an_entity_reads_as_the_defaults()
    {
        var directory = Directory(await TestPolicyTables.CreateAsync());

        Assert.Equal(PolicySettings.Default, await directory.GetPolicyAsync("fabrikam", "pool01.fabrikam.com"));
    }

    [Fact]
    public async Task A_tenant_entity_without_the_property_reads_as_sending()
    {
        var tables = await TestPolicyTables.CreateAsync();
        await tables.EditByHandAsync(PolicyTable.TenantPartition, "contoso", PolicyTable.DisplayName, "Contoso");

        Assert.False((await Directory(tables).GetPolicyAsync("contoso", null)).DisableAutomaticSendTracing);
    }

    [Fact]
    public async Task A_hand_edit_of_DisableAutomaticSendTracing_takes_effect_within_the_cache_bound()
    {
        var tables = await TestPolicyTables.CreateAsync();
        await tables.EditByHandAsync(PolicyTable.TenantPartition, "contoso", PolicyTable.DisableAutomaticSendTracing, false);
        var directory = Directory(tables);
        Assert.False((await directory.GetPolicyAsync("contoso", null)).DisableAutomaticSendTracing);

        await tables.EditByHandAsync(PolicyTable.TenantPartition, "contoso", PolicyTable.DisableAutomaticSendTracing, true);
        var withinBound = await directory.GetPolicyAsync("contoso", null);
        _time.Advance(Bound);
        var afterBound = await directory.GetPolicyAsync("contoso", null);

        Assert.False(withinBound.DisableAutomaticSendTracing); // the cached answer may still be served inside the bound
        Assert.True(afterBound.DisableAutomaticSendTracing);
    }

    [Fact]
    public async Task A_hand_edit_of_MeetingUxEnableTelemetry_takes_effect_within_the_cache_bound()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var directory = Directory(tables);
        Assert.False((await directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);

        await tables.EditByHandAsync(PolicyTable.PoolPartition("contoso"), "pool01", PolicyTable.MeetingUxEnableTelemetry, true);
        _time.Advance(Bound);

        Assert.True((await directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);
    }

    [Fact]
    public async Task A_pool_policy_governs_only_the_tenant_that_owns_the_pool()
    {
        var tables = await TestPolicyTables.CreateAsync();
        await tables.EditByHandAsync(PolicyTable.PoolPartition("contoso"), "pool01", PolicyTable.MeetingUxEnableTelemetry, true);
        var directory = Directory(tables);

        Assert.True((await directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);
        Assert.False((await directory.GetPolicyAsync("fabrikam", "pool01")).MeetingUxEnableTelemetry);
        Assert.False((await directory.GetPolicyAsync("contoso", null)).MeetingUxEnableTelemetry);
        Assert.False((await directory.GetPolicyAsync("contoso", "not/a pool")).MeetingUxEnableTelemetry);
    }

    [Fact]
    public async Task Unreadable_switches_read_as_collection_off_with_a_warning_naming_the_entity()
    {
        var tables = await TestPolicyTables.CreateAsync();
        await tables.EditByHandAsync(PolicyTable.TenantPartition, "contoso", PolicyTable.DisableAutomaticSendTracing, "no");
        await tables.EditByHandAsync(PolicyTable.PoolPartition("contoso"), "pool01", PolicyTable.MeetingUxEnableTelemetry, "yes");

        var policy = await Directory(tables).GetPolicyAsync("contoso", "pool01");

        Assert.Equal(PolicySettings.PrivacySafe, policy);
        var warnings = _log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("tenant/contoso", StringComparison.Ordinal) && m.Contains(PolicyTable.DisableAutomaticSendTracing, StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("pool|contoso/pool01", StringComparison.Ordinal) && m.Contains(PolicyTable.MeetingUxEnableTelemetry, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_key_share_one_table_read_per_cache_period()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var key = await tables.AddKeyByHandAsync("contoso");
        var counting = PassThroughTable.Over(tables.Policies);
        var directory = Directory(new PolicyTables(counting.Object, tables.Audit));

        var first = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => directory.FindTenantByKeyAsync(key).AsTask())));
        _time.Advance(Bound);
        var second = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => directory.FindTenantByKeyAsync(key).AsTask())));

        Assert.All(first.Concat(second), tenant => Assert.Equal("contoso", tenant));
        counting.Verify(
            t => t.GetEntityIfExistsAsync(PolicyTable.KeyPartition, IngestionKeys.Hash(key), It.IsAny<IEnumerable<string>?>(), It.IsAny<CancellationToken>()),
            Times.Exactly(2));
    }

    [Fact]
    public async Task An_unreachable_table_is_an_error_and_never_an_unknown_key_or_a_default_policy()
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        var account = StorageAccount.FromConnectionString(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;", options);
        var directory = Directory(new PolicyTables(account.GetTableClient("Policies"), account.GetTableClient("PolicyAudit")));

        var keyLookup = await Assert.ThrowsAsync<StorageRequestException>(() => directory.FindTenantByKeyAsync(IngestionKeys.NewKey()).AsTask());
        var policyRead = await Assert.ThrowsAsync<StorageRequestException>(() => directory.GetPolicyAsync("contoso", "pool01").AsTask());
        Assert.Equal(0, keyLookup.Status);
        Assert.Equal(0, policyRead.Status);
    }

    private CachedTenantDirectory Directory(PolicyTables tables) =>
        new(new PolicyReader(tables, _log), Options.Create(new TelemetryOptions { PolicyCacheSeconds = CacheSeconds }), _time);
}
