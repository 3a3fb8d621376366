namespace Telemetry.Services.Administration;

/// <summary>A tenant as admins see it: never keys or key hashes, only key ids and their state.</summary>
public sealed record TenantView(string TenantId, string? DisplayName, IReadOnlyList<KeyView> Keys);

public sealed record KeyView(string KeyId, DateTimeOffset? CreatedAt, bool Revoked);

/// <summary>A newly issued key: the only moment its text exists outside the caller.</summary>
public sealed record IssuedKey(string KeyId, string Key);

/// <summary>
/// The outcome of registering: a new tenant with its first key, or a rename (<see cref="FirstKey"/> null), or a
/// refusal because the id belongs to a tenant whose deletion is still pending (until <see cref="DeletionPendingUntil"/>).
/// </summary>
public sealed record Registration(bool Created, string DisplayName, IssuedKey? FirstKey, DateTimeOffset? DeletionPendingUntil = null);

public enum RevokeOutcome
{
    Revoked,
    AlreadyRevoked,
    UnknownTenant,
    UnknownKey,
}

/// <summary>A policy switch's value and the ETag of the entity that holds it (null when the entity is missing).</summary>
public sealed record SwitchState(bool Value, string? ETag);

public enum SwitchOutcome
{
    Changed,
    UnknownTenant,
    PreconditionFailed,
}

/// <summary>The outcome of a switch update, with the entity's ETag afterwards when it succeeded.</summary>
public sealed record SwitchUpdate(SwitchOutcome Outcome, string? ETag = null);

/// <summary>A change that lost every attempt to concurrent changes of the same entity.</summary>
public sealed class ConcurrentChangeException : Exception
{
    public ConcurrentChangeException()
        : base("The entity kept changing while the change was attempted.")
    {
    }

    public ConcurrentChangeException(string message)
        : base(message)
    {
    }

    public ConcurrentChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A registered tenant in the list of tenants; <see cref="CreatedAt"/> is null for a tenant written by hand.</summary>
public sealed record TenantSummary(string TenantId, string? DisplayName, DateTimeOffset? CreatedAt);

/// <summary>One page of tenants, ordered by id; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record TenantPage(IReadOnlyList<TenantSummary> Tenants, string? Continuation);

/// <summary>A pool that has a policy entity, with its switch (unreadable: false).</summary>
public sealed record PoolView(string PoolId, bool MeetingUxEnableTelemetry);

/// <summary>
/// What deleting a tenant did: the keys that stopped working (those not already revoked), the tenant and pool
/// policy entities removed, and until when its Usage and ErrorReports rows are purged.
/// </summary>
public sealed record TenantDeletion(string TenantId, int KeysRevoked, int PoliciesRemoved, DateTimeOffset PurgeBefore);
