using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Telemetry.Functions.Admin;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Tenants;
using Telemetry.Functions.Tests.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>
/// A change is never without its audit entry, even when the process dies between the writes of one change.
/// Each test lets one exact write fail (the process "dies" there), then reads the trail the way a fresh
/// instance would.
/// </summary>
public class AuditCrashTests
{
    private const string TenantId = "contoso";

    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_crash_after_the_entry_but_before_the_change_leaves_no_entry_once_the_grace_period_has_passed()
    {
        var (real, _) = await RegisteredTenantAsync();
        var policies = PassThroughTable.Over(real.Policies);
        policies.Setup(t => t.UpdateEntityAsync(It.IsAny<TableEntity>(), It.IsAny<string>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("process died"));
        var crashing = Services(new PolicyTables(policies.Object, real.Audit));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            crashing.Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice"));

        var fresh = Services(real);
        var whileInFlight = await fresh.Audit.ListAsync(TenantId, 50, null);
        Assert.Equal("pending", whileInFlight.Entries[0].Status);
        Assert.Equal(AuditSettings.DisableAutomaticSendTracing, whileInFlight.Entries[0].Setting);
        _time.Advance(AuditTrail.PendingGrace);
        var settled = await fresh.Audit.ListAsync(TenantId, 50, null);
        Assert.DoesNotContain(settled.Entries, e => e.Setting == AuditSettings.DisableAutomaticSendTracing);
        Assert.All(settled.Entries, e => Assert.Equal("applied", e.Status));
        Assert.False((await fresh.Policies.GetAsync(TenantId, PolicySwitch.Tenant(TenantId)))!.Value);
    }

    [Fact]
    public async Task A_crash_after_the_change_but_before_the_entry_is_marked_applied_still_shows_the_change()
    {
        var (real, _) = await RegisteredTenantAsync();
        var crashing = Services(DiesBeforeMarkingApplied(real));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            crashing.Policies.SetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01"), true, null, "alice"));

        var page = await Services(real).Audit.ListAsync(TenantId, 50, null);
        var entry = page.Entries[0];
        Assert.Equal((AuditSettings.MeetingUxEnableTelemetry, "pool01", null, "true", "alice", "applied"),
            (entry.Setting, entry.PoolId, entry.OldValue, entry.NewValue, entry.ChangedBy, entry.Status));
        Assert.True((await Services(real).Policies.GetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01")))!.Value);
    }

    [Fact]
    public async Task A_change_that_follows_a_crashed_one_keeps_both_entries_applied()
    {
        var (real, _) = await RegisteredTenantAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Services(DiesBeforeMarkingApplied(real)).Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice"));

        // The next change overwrites the entity's link to the crashed change; it must confirm that change first.
        await Services(real).Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), false, null, "bob");
        _time.Advance(AuditTrail.PendingGrace);

        var entries = (await Services(real).Audit.ListAsync(TenantId, 50, null)).Entries;
        Assert.Equal(
            [("bob", "true", "false", "applied"), ("alice", "false", "true", "applied")],
            entries.Where(e => e.Setting == AuditSettings.DisableAutomaticSendTracing).Select(e => (e.ChangedBy, e.OldValue, e.NewValue, e.Status)));
    }

    [Fact]
    public async Task A_crash_before_a_new_key_is_written_leaves_neither_the_key_nor_its_entry()
    {
        var (real, _) = await RegisteredTenantAsync();
        var policies = PassThroughTable.Over(real.Policies);
        policies.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("process died"));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Services(new PolicyTables(policies.Object, real.Audit)).Tenants.IssueKeyAsync(TenantId, "alice"));
        _time.Advance(AuditTrail.PendingGrace);

        var fresh = Services(real);
        Assert.Single((await fresh.Tenants.GetAsync(TenantId))!.Keys);
        Assert.Single((await fresh.Audit.ListAsync(TenantId, 50, null)).Entries, e => e.Setting == AuditSettings.Key);
    }

    [Fact]
    public async Task A_crash_after_a_new_key_is_written_keeps_its_entry_as_applied()
    {
        var (real, _) = await RegisteredTenantAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Services(DiesBeforeMarkingApplied(real)).Tenants.IssueKeyAsync(TenantId, "alice"));
        _time.Advance(AuditTrail.PendingGrace);

        var fresh = Services(real);
        var keys = (await fresh.Tenants.GetAsync(TenantId))!.Keys;
        var keyEntries = (await fresh.Audit.ListAsync(TenantId, 50, null)).Entries.Where(e => e.Setting == AuditSettings.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys.Select(k => k.KeyId).Order(), keyEntries.Select(e => e.KeyId).Order());
        Assert.All(keyEntries, e => Assert.Equal("applied", e.Status));
    }

    [Fact]
    public async Task A_crash_between_the_revocation_and_its_confirmation_keeps_the_revocation_audited()
    {
        var (real, registration) = await RegisteredTenantAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Services(DiesBeforeMarkingApplied(real)).Tenants.RevokeKeyAsync(TenantId, registration.FirstKey!.KeyId, "alice"));
        _time.Advance(AuditTrail.PendingGrace);

        var entry = (await Services(real).Audit.ListAsync(TenantId, 50, null)).Entries[0];
        Assert.Equal((AuditSettings.Key, AuditSettings.KeyActive, AuditSettings.KeyRevoked, "applied"), (entry.Setting, entry.OldValue, entry.NewValue, entry.Status));
        Assert.Null(await Services(real).Directory.FindTenantByKeyAsync(registration.FirstKey!.Key));
    }

    private async Task<(PolicyTables Tables, Registration Registration)> RegisteredTenantAsync()
    {
        var tables = await TestPolicyTables.CreateAsync();
        var registration = await Services(tables).Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
        return (tables, registration);
    }

    /// <summary>The real tables, except that the write marking an audit entry applied fails: the process dies there.</summary>
    private static PolicyTables DiesBeforeMarkingApplied(PolicyTables real)
    {
        var audit = PassThroughTable.Over(real.Audit);
        audit.Setup(t => t.SubmitTransactionAsync(
                It.Is<IReadOnlyList<TableTransactionAction>>(a => a[0].ActionType == TableTransactionActionType.UpdateMerge), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("process died"));
        return new PolicyTables(real.Policies, audit.Object);
    }

    private (TenantAdministration Tenants, PolicyAdministration Policies, AuditTrail Audit, CachedTenantDirectory Directory) Services(PolicyTables tables)
    {
        var reader = new PolicyReader(tables, NullLogger<PolicyReader>.Instance);
        var directory = new CachedTenantDirectory(reader, Options.Create(new TelemetryOptions { PolicyCacheSeconds = 1 }), _time);
        var audit = new AuditTrail(tables, _time);
        var tenants = new TenantAdministration(tables, audit, reader, directory, _time, NullLogger<TenantAdministration>.Instance);
        var policies = new PolicyAdministration(tables, audit, reader, tenants, directory, NullLogger<PolicyAdministration>.Instance);
        return (tenants, policies, audit, directory);
    }
}
