using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>One policy switch in the Policies table: where it lives and what an unreadable value means.</summary>
public sealed record PolicySwitch(string Setting, string PartitionKey, string RowKey, bool SafeValue, string? PoolId)
{
    public static PolicySwitch Tenant(string tenantId) =>
        new(AuditSettings.DisableAutomaticSendTracing, PolicyTable.TenantPartition, tenantId, SafeValue: true, PoolId: null);

    public static PolicySwitch Pool(string tenantId, string poolId) =>
        new(AuditSettings.MeetingUxEnableTelemetry, PolicyTable.PoolPartition(tenantId), poolId, SafeValue: false, poolId);
}

/// <summary>Reads and changes the tenant and pool policy switches with ETags, each change audited.</summary>
public sealed class PolicyAdministration
{
    private const int MaxAttempts = 5;

    private readonly AdministrationStores _stores;
    private readonly TenantAdministration _tenants;
    private readonly ILogger<PolicyAdministration> _logger;

    internal PolicyAdministration(AdministrationStores stores, TenantAdministration tenants, ILogger<PolicyAdministration> logger)
    {
        _stores = stores;
        _tenants = tenants;
        _logger = logger;
    }

    /// <summary>The switch's value (missing entity or property: false); null when the tenant is unknown.</summary>
    public Task<SwitchState?> GetAsync(string tenantId, PolicySwitch target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _stores.Resources.RunAsync<SwitchState?>(async token =>
        {
            if (!await _tenants.ExistsCoreAsync(tenantId, token))
            {
                return null;
            }

            var entity = await _stores.Tables.Policies.FindAsync(target.PartitionKey, target.RowKey, cancellationToken: token);
            return entity is null
                ? new SwitchState(false, null)
                : new SwitchState(_stores.Reader.ReadSwitch(entity, target.Setting, target.SafeValue), entity.ETag.ToString());
        }, cancellationToken);
    }

    /// <summary>
    /// Sets the switch. With <paramref name="ifMatch"/> (an If-Match header's value) the change applies only to that
    /// version of the entity ("*": any existing one); without it, the change applies to whatever is stored.
    /// </summary>
    public Task<SwitchUpdate> SetAsync(string tenantId, PolicySwitch target, bool value, string? ifMatch, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _stores.Resources.RunAsync(async token =>
        {
            if (!await _tenants.ExistsCoreAsync(tenantId, token))
            {
                return new SwitchUpdate(SwitchOutcome.UnknownTenant);
            }

            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var entity = await _stores.Tables.Policies.FindAsync(target.PartitionKey, target.RowKey, cancellationToken: token);
                if (ifMatch is not null && (entity is null || !Matches(ifMatch, entity.ETag.ToString())))
                {
                    return new SwitchUpdate(SwitchOutcome.PreconditionFailed);
                }

                if (entity is not null && entity[target.Setting] is bool current && current == value)
                {
                    return new SwitchUpdate(SwitchOutcome.Changed, entity.ETag.ToString()); // nothing to change, nothing to audit
                }

                if (await TryChangeAsync(tenantId, target, entity, value, changedBy, token) is { } etag)
                {
                    return new SwitchUpdate(SwitchOutcome.Changed, etag);
                }

                if (ifMatch is not null)
                {
                    return new SwitchUpdate(SwitchOutcome.PreconditionFailed);
                }
            }

            throw new ConcurrentChangeException();
        }, cancellationToken);
    }

    /// <summary>Writes ahead the audit entry, then the switch; null when another change won the race.</summary>
    private async Task<string?> TryChangeAsync(string tenantId, PolicySwitch target, TableEntity? entity, bool value, string changedBy, CancellationToken cancellationToken)
    {
        if (entity is not null)
        {
            await _stores.Audit.ConfirmNamedAsync(tenantId, entity, cancellationToken);
        }

        var change = new AuditChange(target.Setting, Describe(entity?[target.Setting]), Describe(value), target.PoolId);
        var ids = await _stores.Audit.BeginAsync(tenantId, changedBy, [change], cancellationToken);
        var update = new TableEntity(target.PartitionKey, target.RowKey) { [target.Setting] = value, [PolicyTable.LastChangeId] = ids[0] };
        Response response;
        try
        {
            response = entity is null
                ? await _stores.Tables.Policies.AddEntityAsync(update, cancellationToken)
                : await _stores.Tables.Policies.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            await _stores.Audit.AbandonAsync(tenantId, ids, cancellationToken);
            return null;
        }

        await _stores.Audit.CompleteAsync(tenantId, ids, cancellationToken);
        if (target.PoolId is null)
        {
            _stores.Directory.ForgetTenant(tenantId);
        }
        else
        {
            _stores.Directory.ForgetPool(tenantId, target.PoolId);
        }

        AdminLog.PolicyChanged(_logger, tenantId, target.Setting, value);
        return response.Headers.ETag?.ToString();
    }

    private static bool Matches(string ifMatch, string etag) =>
        ifMatch.Trim() == "*" || ifMatch.Split(',').Any(candidate => candidate.Trim() == etag);

    /// <summary>How a stored value reads in the trail: "true", "false", null when missing, "unreadable" otherwise.</summary>
    private static string? Describe(object? stored) => stored switch
    {
        null => null,
        bool b => b ? "true" : "false",
        _ => "unreadable",
    };
}
