using Microsoft.Extensions.Time.Testing;
using Telemetry.Services.Administration;
using Telemetry.Services.Tenants;
using Telemetry.Services.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Administration;

/// <summary>
/// A change is never without its audit entry, even when the process dies between the writes of one change.
/// Each test breaks the storage connection at one exact write (the process "dies" there), then reads the trail
/// the way the next request would.
/// </summary>
public sealed class AuditCrashTests : IAsyncLifetime
{
    private const string TenantId = "contoso";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServices _services = null!;
    private Registration _registration = null!;

    private TenantAdministration Tenants => _services.Get<TenantAdministration>();

    private PolicyAdministration Policies => _services.Get<PolicyAdministration>();

    private AuditTrail Audit => _services.Get<AuditTrail>();

    public async Task InitializeAsync()
    {
        _services = await TestServices.StartAsync(time: _time);
        _registration = await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_crash_after_the_entry_but_before_the_change_leaves_no_entry_once_the_grace_period_has_passed()
    {
        _services.Transport.FailWhen(request => request.Method != "GET" && request.Path.StartsWith(Entity("tenant", TenantId), StringComparison.Ordinal));

        await Assert.ThrowsAnyAsync<Exception>(() => Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice"));
        _services.Transport.Heal();

        var whileInFlight = await Audit.ListAsync(TenantId, 50, null);
        Assert.Equal("pending", whileInFlight.Entries[0].Status);
        Assert.Equal(AuditSettings.DisableAutomaticSendTracing, whileInFlight.Entries[0].Setting);
        _time.Advance(AuditTrail.PendingGrace);
        var settled = await Audit.ListAsync(TenantId, 50, null);
        Assert.DoesNotContain(settled.Entries, e => e.Setting == AuditSettings.DisableAutomaticSendTracing);
        Assert.All(settled.Entries, e => Assert.Equal("applied", e.Status));
        Assert.False((await Policies.GetAsync(TenantId, PolicySwitch.Tenant(TenantId)))!.Value);
    }

    [Fact]
    public async Task A_crash_after_the_change_but_before_the_entry_is_marked_applied_still_shows_the_change()
    {
        DieBeforeMarkingApplied();

        await Assert.ThrowsAnyAsync<Exception>(() => Policies.SetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01"), true, null, "alice"));
        _services.Transport.Heal();

        var entry = (await Audit.ListAsync(TenantId, 50, null)).Entries[0];
        Assert.Equal((AuditSettings.MeetingUxEnableTelemetry, "pool01", null, "true", "alice", "applied"),
            (entry.Setting, entry.PoolId, entry.OldValue, entry.NewValue, entry.ChangedBy, entry.Status));
        Assert.True((await Policies.GetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01")))!.Value);
    }

    [Fact]
    public async Task A_change_that_follows_a_crashed_one_keeps_both_entries_applied()
    {
        DieBeforeMarkingApplied();
        await Assert.ThrowsAnyAsync<Exception>(() => Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice"));
        _services.Transport.Heal();

        // The next change overwrites the entity's link to the crashed change; it must confirm that change first.
        await Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), false, null, "bob");
        _time.Advance(AuditTrail.PendingGrace);

        var entries = (await Audit.ListAsync(TenantId, 50, null)).Entries;
        Assert.Equal(
            [("bob", "true", "false", "applied"), ("alice", "false", "true", "applied")],
            entries.Where(e => e.Setting == AuditSettings.DisableAutomaticSendTracing).Select(e => (e.ChangedBy, e.OldValue, e.NewValue, e.Status)));
    }

    [Fact]
    public async Task A_crash_before_a_new_key_is_written_leaves_neither_the_key_nor_its_entry()
    {
        _services.Transport.FailWhen(request => request.Method == "POST" && request.Path == "/" + _services.Tables.Policies.Name);

        await Assert.ThrowsAnyAsync<Exception>(() => Tenants.IssueKeyAsync(TenantId, "alice"));
        _services.Transport.Heal();
        _time.Advance(AuditTrail.PendingGrace);

        Assert.Single((await Tenants.GetAsync(TenantId))!.Keys);
        Assert.Single((await Audit.ListAsync(TenantId, 50, null)).Entries, e => e.Setting == AuditSettings.Key);
    }

    [Fact]
    public async Task A_crash_after_a_new_key_is_written_keeps_its_entry_as_applied()
    {
        DieBeforeMarkingApplied();

        await Assert.ThrowsAnyAsync<Exception>(() => Tenants.IssueKeyAsync(TenantId, "alice"));
        _services.Transport.Heal();
        _time.Advance(AuditTrail.PendingGrace);

        var keys = (await Tenants.GetAsync(TenantId))!.Keys;
        var keyEntries = (await Audit.ListAsync(TenantId, 50, null)).Entries.Where(e => e.Setting == AuditSettings.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys.Select(k => k.KeyId).Order(), keyEntries.Select(e => e.KeyId).Order());
        Assert.All(keyEntries, e => Assert.Equal("applied", e.Status));
    }

    [Fact]
    public async Task A_crash_between_the_revocation_and_its_confirmation_keeps_the_revocation_audited()
    {
        DieBeforeMarkingApplied();

        await Assert.ThrowsAnyAsync<Exception>(() => Tenants.RevokeKeyAsync(TenantId, _registration.FirstKey!.KeyId, "alice"));
        _services.Transport.Heal();
        _time.Advance(AuditTrail.PendingGrace);

        var entry = (await Audit.ListAsync(TenantId, 50, null)).Entries[0];
        Assert.Equal((AuditSettings.Key, AuditSettings.KeyActive, AuditSettings.KeyRevoked, "applied"), (entry.Setting, entry.OldValue, entry.NewValue, entry.Status));
        Assert.Null(await _services.Get<TenantDirectory>().FindTenantByKeyAsync(_registration.FirstKey!.Key));
    }

    [Fact]
    public async Task A_change_cut_off_by_its_budget_is_settled_like_a_crash()
    {
        var hang = _services.Transport.HoldWhen(request => request.Method != "GET" && request.Path.StartsWith(Entity("tenant", TenantId), StringComparison.Ordinal));
        var budget = new Telemetry.Services.Storage.StorageBudget(CancellationToken.None, TimeProvider.System, TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<Telemetry.Services.Storage.StorageUnavailableException>(() =>
            budget.RunAsync(ct => Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice", ct)));
        hang.SetResult();
        _services.Transport.Heal();
        _time.Advance(AuditTrail.PendingGrace);

        var entries = (await Audit.ListAsync(TenantId, 50, null)).Entries;
        Assert.DoesNotContain(entries, e => e.Setting == AuditSettings.DisableAutomaticSendTracing);
        Assert.All(entries, e => Assert.Equal("applied", e.Status));
    }

    /// <summary>The write that marks an audit entry applied fails: the process dies there.</summary>
    private void DieBeforeMarkingApplied() =>
        _services.Transport.FailWhen(request => request.Path == "/$batch" && request.Body.Contains("\"Status\":\"applied\"", StringComparison.Ordinal));

    private string Entity(string partitionKey, string rowKey) => $"/{_services.Tables.Policies.Name}(PartitionKey='{partitionKey}',RowKey='{rowKey}')";
}
