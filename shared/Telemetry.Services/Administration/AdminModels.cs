namespace Telemetry.Services.Administration;

/// <summary>A tenant as admins see it: never keys or key hashes, only key ids and their state.</summary>
public sealed record TenantView(string TenantId, string? DisplayName, IReadOnlyList<KeyView> Keys);

public sealed record KeyView(string KeyId, DateTimeOffset? CreatedAt, bool Revoked);

/// <summary>A newly issued key: the only moment its text exists outside the caller.</summary>
public sealed record IssuedKey(string KeyId, string Key);

/// <summary>The outcome of registering: a new tenant with its first key, or a rename (<see cref="FirstKey"/> null).</summary>
public sealed record Registration(bool Created, string DisplayName, IssuedKey? FirstKey);

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
