using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Core;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Tenants;

/// <summary>The tenant directory against a real Policies table on Azurite, edited the way admins edit it by hand.</summary>
public sealed class TenantDirectoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServices _services = null!;

    private TenantDirectory Directory => _services.Get<TenantDirectory>();

    public async Task InitializeAsync() => _services = await TestServices.StartAsync(time: _time, cacheLifetime: Bound);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task An_unknown_key_finds_no_tenant()
    {
        Assert.Null(await Directory.FindTenantByKeyAsync(IngestionKeys.NewKey()));
        Assert.Null(await Directory.FindTenantByKeyAsync(string.Empty));
        Assert.Null(await Directory.FindTenantByKeyAsync(new string('x', IngestionKeys.MaxKeyLength + 1)));
    }

    [Fact]
    public async Task A_key_written_by_hand_finds_its_tenant()
    {
        var key = await _services.AddKeyByHandAsync("contoso");

        Assert.Equal("contoso", await Directory.FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_key_revoked_by_hand_is_refused_once_the_cache_bound_has_passed()
    {
        var key = await _services.AddKeyByHandAsync("contoso");
        Assert.Equal("contoso", await Directory.FindTenantByKeyAsync(key));

        await _services.EditByHandAsync("key", IngestionKeys.Hash(key), "Revoked", true);
        _time.Advance(Bound);

        Assert.Null(await Directory.FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_key_whose_revoked_flag_is_unreadable_is_refused_and_the_warning_names_its_key_id_not_the_key()
    {
        var key = await _services.AddKeyByHandAsync("contoso", revoked: "no");

        Assert.Null(await Directory.FindTenantByKeyAsync(key));
        var warning = Assert.Single(_services.Logs.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Contains("Revoked", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestionKeys.Hash(key), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_a_tenant_is_unknown()
    {
        var key = IngestionKeys.NewKey();
        await _services.EditByHandAsync("key", IngestionKeys.Hash(key), "KeyId", "k000000000001");

        Assert.Null(await Directory.FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_tenant_without_an_entity_reads_as_the_defaults()
    {
        Assert.Equal(PolicySettings.Default, await Directory.GetPolicyAsync("fabrikam", "pool01.fabrikam.com"));
    }

    [Fact]
    public async Task A_tenant_entity_without_the_property_reads_as_sending()
    {
        await _services.EditByHandAsync("tenant", "contoso", "DisplayName", "Contoso");

        Assert.False((await Directory.GetPolicyAsync("contoso", null)).DisableAutomaticSendTracing);
    }

    [Fact]
    public async Task A_hand_edit_of_DisableAutomaticSendTracing_takes_effect_within_the_cache_bound()
    {
        await _services.EditByHandAsync("tenant", "contoso", "DisableAutomaticSendTracing", false);
        Assert.False((await Directory.GetPolicyAsync("contoso", null)).DisableAutomaticSendTracing);

        await _services.EditByHandAsync("tenant", "contoso", "DisableAutomaticSendTracing", true);
        var withinBound = await Directory.GetPolicyAsync("contoso", null);
        _time.Advance(Bound);
        var afterBound = await Directory.GetPolicyAsync("contoso", null);

        Assert.False(withinBound.DisableAutomaticSendTracing); // the cached answer may still be served inside the bound
        Assert.True(afterBound.DisableAutomaticSendTracing);
    }

    [Fact]
    public async Task A_hand_edit_of_MeetingUxEnableTelemetry_takes_effect_within_the_cache_bound()
    {
        Assert.False((await Directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);

        await _services.EditByHandAsync("pool|contoso", "pool01", "MeetingUxEnableTelemetry", true);
        _time.Advance(Bound);

        Assert.True((await Directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);
    }

    [Fact]
    public async Task A_pool_policy_governs_only_the_tenant_that_owns_the_pool()
    {
        await _services.EditByHandAsync("pool|contoso", "pool01", "MeetingUxEnableTelemetry", true);

        Assert.True((await Directory.GetPolicyAsync("contoso", "pool01")).MeetingUxEnableTelemetry);
        Assert.False((await Directory.GetPolicyAsync("fabrikam", "pool01")).MeetingUxEnableTelemetry);
        Assert.False((await Directory.GetPolicyAsync("contoso", null)).MeetingUxEnableTelemetry);
        Assert.False((await Directory.GetPolicyAsync("contoso", "not/a pool")).MeetingUxEnableTelemetry);
    }

    [Fact]
    public async Task Unreadable_switches_read_as_collection_off_with_a_warning_naming_the_entity()
    {
        await _services.EditByHandAsync("tenant", "contoso", "DisableAutomaticSendTracing", "no");
        await _services.EditByHandAsync("pool|contoso", "pool01", "MeetingUxEnableTelemetry", "yes");

        var policy = await Directory.GetPolicyAsync("contoso", "pool01");

        Assert.Equal(PolicySettings.PrivacySafe, policy);
        var warnings = _services.Logs.GetSnapshot().Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("tenant/contoso", StringComparison.Ordinal) && m.Contains("DisableAutomaticSendTracing", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("pool|contoso/pool01", StringComparison.Ordinal) && m.Contains("MeetingUxEnableTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_key_share_one_table_read_per_cache_period()
    {
        var key = await _services.AddKeyByHandAsync("contoso");
        var keyPath = $"/{_services.Tables.Policies.Name}(PartitionKey='key',RowKey='{IngestionKeys.Hash(key)}')";

        var first = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Directory.FindTenantByKeyAsync(key).AsTask())));
        _time.Advance(Bound);
        var second = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Directory.FindTenantByKeyAsync(key).AsTask())));

        Assert.All(first.Concat(second), tenant => Assert.Equal("contoso", tenant));
        Assert.Equal(2, _services.Transport.Requests.Count(r => r.Method == "GET" && r.Path == keyPath));
    }

    [Fact]
    public async Task An_unreachable_table_is_an_error_and_never_an_unknown_key_or_a_default_policy()
    {
        _services.Transport.FailWhen(_ => true);

        var keyLookup = await Assert.ThrowsAnyAsync<Exception>(() => Directory.FindTenantByKeyAsync(IngestionKeys.NewKey()).AsTask());
        var policyRead = await Assert.ThrowsAnyAsync<Exception>(() => Directory.GetPolicyAsync("contoso", "pool01").AsTask());

        Assert.All(new[] { keyLookup, policyRead }, error => Assert.True(error is RequestFailedException or AggregateException, error.GetType().Name));
    }

    [Fact]
    public async Task A_failed_read_is_not_cached_so_the_next_lookup_succeeds_once_storage_answers()
    {
        var key = await _services.AddKeyByHandAsync("contoso");
        _services.Transport.FailWhen(_ => true);
        await Assert.ThrowsAnyAsync<Exception>(() => Directory.FindTenantByKeyAsync(key).AsTask());

        _services.Transport.Heal();

        Assert.Equal("contoso", await Directory.FindTenantByKeyAsync(key));
    }

    [Fact]
    public async Task A_lookup_within_a_budget_that_ends_is_reported_as_deadline_exceeded()
    {
        var key = await _services.AddKeyByHandAsync("contoso");
        var hang = _services.Transport.HoldWhen(_ => true);
        var budget = new StorageBudget(CancellationToken.None, TimeProvider.System, TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => budget.RunAsync(ct => Directory.FindTenantByKeyAsync(key, ct).AsTask()));
        hang.SetResult();

        Assert.Equal(StorageFailure.DeadlineExceeded, error.Failure);
    }
}
