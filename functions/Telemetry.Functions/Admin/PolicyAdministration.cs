using Telemetry.Functions.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>One policy switch in the Policies table: where it lives and what an unreadable value means.</summary>
public sealed record PolicySwitch(string Setting, string PartitionKey, string RowKey, bool SafeValue, string? PoolId)
{
    public static PolicySwitch Tenant(string tenantId) =>
        new(AuditSettings.DisableAutomaticSendTracing, PolicyTable.TenantPartition, tenantId, SafeValue: true, PoolId: null);

    public static PolicySwitch Pool(string tenantId, string poolId) =>
        new(AuditSettings.MeetingUxEnableTelemetry, PolicyTable.PoolPartition(tenantId), poolId, SafeValue: false, poolId);
}

/// <summary>Reads and changes the tenant and pool policy switches with ETags, each change audited.</summary>
public sealed class PolicyAdministration(
    PolicyTables tables, AuditTrail audit, PolicyReader reader, TenantAdministration tenants, CachedTenantDirectory directory, ILogger<PolicyAdministration> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>The switch's value (missing entity or property: false); null when the tenant is unknown.</summary>
    public async Task<SwitchState?> GetAsync(string tenantId, PolicySwitch target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return null;
        }

        var entity = await tables.Policies.GetEntityIfExistsAsync(target.PartitionKey, target.RowKey, cancellationToken: cancellationToken);
        return entity is null
            ? new SwitchState(false, null)
            : new SwitchState(reader.ReadSwitch(entity, target.Setting, target.SafeValue), entity.ETag);
    }

    /// <summary>
    /// Sets the switch. With <paramref name="ifMatch"/> the change applies only to that version of the entity
    /// ("*": any existing one); without it, the change applies to whatever is stored.
    /// </summary>
    public async Task<SwitchUpdate> SetAsync(string tenantId, PolicySwitch target, bool value, string? ifMatch, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return new SwitchUpdate(SwitchOutcome.UnknownTenant);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var entity = await tables.Policies.GetEntityIfExistsAsync(target.PartitionKey, target.RowKey, cancellationToken: cancellationToken);
            if (ifMatch is not null && (entity is null || !Matches(ifMatch, entity.ETag)))
            {
                return new SwitchUpdate(SwitchOutcome.PreconditionFailed);
            }

            var stored = entity?.GetValueOrDefault(target.Setting);
            if (entity is not null && stored is bool current && current == value)
            {
                return new SwitchUpdate(SwitchOutcome.Changed, entity.ETag); // nothing to change, nothing to audit
            }

            var etag = await TryChangeAsync(tenantId, target, entity, value, changedBy, cancellationToken);
            if (etag is not null)
            {
                return new SwitchUpdate(SwitchOutcome.Changed, etag);
            }

            if (ifMatch is not null)
            {
                return new SwitchUpdate(SwitchOutcome.PreconditionFailed);
            }
        }

        throw new ConcurrentChangeException();
    }

    /// <summary>Writes ahead the audit entry, then the switch; null when another change won the race.</summary>
    private async Task<string?> TryChangeAsync(string tenantId, PolicySwitch target, TableEntity? entity, bool value, string changedBy, CancellationToken cancellationToken)
    {
        if (entity is not null)
        {
            await audit.ConfirmNamedAsync(tenantId, entity, cancellationToken);
        }

        var change = new AuditChange(target.Setting, Describe(entity?.GetValueOrDefault(target.Setting)), Describe(value), target.PoolId);
        var ids = await audit.BeginAsync(tenantId, changedBy, [change], cancellationToken);
        var update = new TableEntity(target.PartitionKey, target.RowKey) { [target.Setting] = value, [PolicyTable.LastChangeId] = ids[0] };
        string etag;
        try
        {
            etag = entity is null
                ? await tables.Policies.AddEntityAsync(update, cancellationToken)
                : await tables.Policies.UpdateEntityAsync(update, entity.ETag ?? "*", TableUpdateMode.Merge, cancellationToken);
        }
        catch (StorageRequestException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed)
        {
            await audit.AbandonAsync(tenantId, ids, cancellationToken);
            return null;
        }

        await audit.CompleteAsync(tenantId, ids, cancellationToken);
        if (target.PoolId is null)
        {
            directory.ForgetTenant(tenantId);
        }
        else
        {
            directory.ForgetPool(tenantId, target.PoolId);
        }

        AdminLog.PolicyChanged(logger, tenantId, target.Setting, value);
        return etag;
    }

    private static bool Matches(string ifMatch, string? etag) =>
        ifMatch.Trim() == "*" || (etag is not null && ifMatch.Split(',').Any(candidate => candidate.Trim() == etag));

    /// <summary>How a stored value reads in the trail: "true", "false", null when missing, "unreadable" otherwise.</summary>
    private static string? Describe(object? stored) => stored switch
    {
        null => null,
        bool b => b ? "true" : "false",
        _ => "unreadable",
    };
}
