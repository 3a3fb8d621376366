using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Core;
using Telemetry.Services.Administration;
using Telemetry.Services.Tenants;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Administration;

/// <summary>Listing tenants and pools, deleting a tenant and purging its rows, on Azurite with tables of the test's own.</summary>
public sealed class TenantDeletionTests : IAsyncLifetime
{
    private const string TenantId = "contoso";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServices _services = null!;

    private TenantAdministration Tenants => _services.Get<TenantAdministration>();

    private PolicyAdministration Policies => _services.Get<PolicyAdministration>();

    private TenantPurge Purge => _services.Get<TenantPurge>();

    private TableClient Usage => _services.Tables.For(TelemetryCategory.Usage);

    private TableClient Errors => _services.Tables.For(TelemetryCategory.Errors);

    private TableClient Census => _services.Tables.For(TelemetryCategory.Census);

    public async Task InitializeAsync() => _services = await TestServices.StartAsync(time: _time);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Tenants_are_listed_by_id_page_by_page_and_a_deleted_one_is_not()
    {
        foreach (var id in new[] { "c-tenant", "a-tenant", "d-tenant", "b-tenant" })
        {
            await Tenants.RegisterOrRenameAsync(id, id.ToUpperInvariant(), "alice");
        }

        await Tenants.DeleteAsync("c-tenant", "alice");

        var first = await Tenants.ListAsync(2, null);
        var second = await Tenants.ListAsync(2, TenantAdministration.DecodeContinuation(first.Continuation!));

        Assert.Equal(["a-tenant", "b-tenant"], first.Tenants.Select(t => t.TenantId));
        Assert.Equal("A-TENANT", first.Tenants[0].DisplayName);
        Assert.Equal(_time.GetUtcNow(), first.Tenants[0].CreatedAt);
        Assert.Equal(["d-tenant"], second.Tenants.Select(t => t.TenantId));
        Assert.Null(second.Continuation);
        Assert.Null(TenantAdministration.DecodeContinuation("not a token!"));
    }

    [Fact]
    public async Task A_tenants_pools_are_listed_by_id_with_their_switch_and_an_unreadable_value_reads_as_false()
    {
        await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
        await Policies.SetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool02"), true, null, "alice");
        await Policies.SetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01"), false, null, "alice");
        await _services.Storage.GetTableClient(_services.Tables.Policies.Name).UpsertEntityAsync(
            new TableEntity(PolicyTable.PoolPartition(TenantId), "pool03") { [PolicyTable.MeetingUxEnableTelemetry] = "true" });

        var pools = await Tenants.ListPoolsAsync(TenantId);

        Assert.Equal([new PoolView("pool01", false), new PoolView("pool02", true), new PoolView("pool03", false)], pools);
        Assert.Null(await Tenants.ListPoolsAsync("unknown"));
    }

    [Fact]
    public async Task Deleting_a_tenant_stops_its_keys_removes_its_policies_and_is_audited()
    {
        var first = (await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice")).FirstKey!;
        var second = (await Tenants.IssueKeyAsync(TenantId, "alice"))!;
        await Tenants.RevokeKeyAsync(TenantId, first.KeyId, "alice");
        await Policies.SetAsync(TenantId, PolicySwitch.Pool(TenantId, "pool01"), true, null, "alice");
        var directory = _services.Get<TenantDirectory>();
        Assert.Equal(TenantId, await directory.FindTenantByKeyAsync(second.Key));

        var deletion = await Tenants.DeleteAsync(TenantId, "bob@contoso.com");

        Assert.Equal(new TenantDeletion(TenantId, KeysRevoked: 1, PoliciesRemoved: 2, _time.GetUtcNow() + Purge.PurgeWindow), deletion);
        Assert.Null(await directory.FindTenantByKeyAsync(second.Key));
        Assert.False(await Tenants.ExistsAsync(TenantId));
        Assert.Null(await Tenants.GetAsync(TenantId));
        Assert.Null(await Policies.GetAsync(TenantId, PolicySwitch.Tenant(TenantId)));
        Assert.Null(await Tenants.DeleteAsync(TenantId, "bob@contoso.com"));
        var policies = _services.Storage.GetTableClient(_services.Tables.Policies.Name);
        Assert.Empty(await policies.QueryAsync<TableEntity>(e => e.PartitionKey != PolicyTable.DeletionPartition).ToListAsync());
        var trail = await _services.Get<AuditTrail>().ListAsync(TenantId, 50, null);
        var entry = trail.Entries[0];
        Assert.Equal((AuditSettings.TenantDeleted, "bob@contoso.com", "Contoso", "applied"), (entry.Setting, entry.ChangedBy, entry.OldValue, entry.Status));
        Assert.Contains(trail.Entries, e => e.Setting == AuditSettings.DisplayName);
    }

    [Fact]
    public async Task The_id_of_a_deleted_tenant_is_refused_until_its_purge_ends_then_registers_anew_with_fresh_keys_and_default_policies()
    {
        var old = (await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice")).FirstKey!;
        await Policies.SetAsync(TenantId, PolicySwitch.Tenant(TenantId), true, null, "alice");
        var deletion = (await Tenants.DeleteAsync(TenantId, "alice"))!;

        var refused = await Tenants.RegisterOrRenameAsync(TenantId, "Contoso again", "alice");
        _time.Advance(Purge.PurgeWindow);
        var registered = await Tenants.RegisterOrRenameAsync(TenantId, "Contoso again", "alice");

        Assert.Equal(deletion.PurgeBefore, refused.DeletionPendingUntil);
        Assert.Null(refused.FirstKey);
        Assert.True(registered.Created);
        Assert.NotEqual(old.KeyId, registered.FirstKey!.KeyId);
        Assert.Equal([registered.FirstKey.KeyId], (await Tenants.GetAsync(TenantId))!.Keys.Select(k => k.KeyId));
        Assert.False((await Policies.GetAsync(TenantId, PolicySwitch.Tenant(TenantId)))!.Value);
    }

    [Fact]
    public async Task The_purge_deletes_the_tenants_usage_and_error_rows_sweeps_until_purge_before_and_leaves_every_other_row()
    {
        await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
        var accepted = _time.GetUtcNow();
        var purged = await AddRowsAsync(Usage, TenantId, 150, accepted);
        purged.AddRange(await AddRowsAsync(Errors, TenantId, 30, accepted));
        var kept = await AddRowsAsync(Usage, "contoso2", 20, accepted);          // an id the deleted one is a prefix of
        kept.AddRange(await AddRowsAsync(Errors, "contosa", 20, accepted));      // an id that sorts just before
        var census = await AddCensusRowsAsync(20);
        var message = await DeleteAndReadPurgeMessageAsync();

        var sweep = await Purge.RunAsync(message);
        var late = await AddRowsAsync(Usage, TenantId, 5, accepted);             // accepted before the deletion, landed after it
        _time.Advance(Purge.PurgeWindow);
        var last = await Purge.RunAsync(message);

        Assert.Equal(new PurgeRun(PurgeOutcome.Sweeping, 180), sweep);
        Assert.Equal(new PurgeRun(PurgeOutcome.Finished, 5), last);
        Assert.Empty(await ExistingAsync([.. purged, .. late]));
        Assert.Equal(kept.Count, (await ExistingAsync(kept)).Count);
        Assert.Equal(census.Count, (await Census.QueryAsync<TableEntity>().ToListAsync()).Count);
        var marker = await _services.Storage.GetTableClient(_services.Tables.Policies.Name).GetEntityIfExistsAsync<TableEntity>(PolicyTable.DeletionPartition, TenantId);
        Assert.False(marker.HasValue);
    }

    [Fact]
    public async Task A_purge_interrupted_by_a_crash_continues_when_its_message_runs_again()
    {
        await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
        var rows = await AddRowsAsync(Usage, TenantId, 120, _time.GetUtcNow());
        var message = await DeleteAndReadPurgeMessageAsync();
        var batches = 0;
        _services.Transport.FailWhen(request => request.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) > 2);

        await Assert.ThrowsAnyAsync<Exception>(() => Purge.RunAsync(message));
        _services.Transport.Heal();
        var left = (await ExistingAsync(rows)).Count;
        var resumed = await Purge.RunAsync(message);

        Assert.InRange(left, 1, rows.Count - 1);
        Assert.Equal(new PurgeRun(PurgeOutcome.Sweeping, left), resumed);
        Assert.Empty(await ExistingAsync(rows));
    }

    [Fact]
    public async Task A_purge_whose_deletion_never_happened_deletes_nothing()
    {
        await Tenants.RegisterOrRenameAsync(TenantId, "Contoso", "alice");
        var rows = await AddRowsAsync(Usage, TenantId, 10, _time.GetUtcNow());
        var now = _time.GetUtcNow();
        var message = new PurgeRequest(TenantId, "no-such-deletion", now, now + Purge.PurgeWindow).ToMessage();

        var waiting = await Purge.RunAsync(message);
        _time.Advance(AuditTrail.PendingGrace);
        var abandoned = await Purge.RunAsync(message);

        Assert.Equal(PurgeOutcome.Waiting, waiting.Outcome);
        Assert.Equal(PurgeOutcome.Abandoned, abandoned.Outcome);
        Assert.Equal(rows.Count, (await ExistingAsync(rows)).Count);
        Assert.True(await Tenants.ExistsAsync(TenantId));
        Assert.Throws<FormatException>(() => PurgeRequest.Parse("{\"tenantId\":\"a|b\"}"));
    }

    /// <summary>Deletes the tenant; the purge message it queued, as its first run will read it.</summary>
    private async Task<string> DeleteAndReadPurgeMessageAsync()
    {
        var deletion = (await Tenants.DeleteAsync(TenantId, "alice"))!;
        var entry = (await _services.Get<AuditTrail>().ListAsync(TenantId, 1, null)).Entries[0];
        var queued = _services.Transport.Requests.Last(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal)).Body;
        Assert.Contains(entry.Id, queued, StringComparison.Ordinal);
        return new PurgeRequest(TenantId, entry.Id, entry.ChangedAt, deletion.PurgeBefore).ToMessage();
    }

    private async Task<List<(string Table, string PartitionKey, string RowKey)>> AddRowsAsync(TableClient table, string tenantId, int count, DateTimeOffset acceptedAt)
    {
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            return new TableEntity(PartitionKeys.ForTenant(tenantId, acceptedAt.AddDays(-(i % 3)), id), id.ToString()) { ["AcceptedAt"] = acceptedAt, ["TenantId"] = tenantId };
        }).ToList();
        await Write(table, rows);
        return [.. rows.Select(r => (table.Name, r.PartitionKey, r.RowKey))];
    }

    private async Task<List<TableEntity>> AddCensusRowsAsync(int count)
    {
        var now = _time.GetUtcNow();
        var rows = Enumerable.Range(0, count).Select(_ => Guid.NewGuid())
            .Select(id => new TableEntity(PartitionKeys.Census(now, id), id.ToString()) { ["AcceptedAt"] = now }).ToList();
        await Write(Census, rows);
        return rows;
    }

    private static async Task Write(TableClient table, List<TableEntity> rows)
    {
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
            }
        }
    }

    private async Task<List<(string Table, string PartitionKey, string RowKey)>> ExistingAsync(IEnumerable<(string Table, string PartitionKey, string RowKey)> rows)
    {
        var existing = new List<(string, string, string)>();
        foreach (var row in rows)
        {
            var found = await _services.Storage.GetTableClient(row.Table).GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey);
            if (found.HasValue)
            {
                existing.Add(row);
            }
        }

        return existing;
    }
}
