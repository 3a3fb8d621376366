namespace Telemetry.Services.Tenants;

/// <summary>What the Policies table says about one ingestion key.</summary>
internal sealed record KeyRecord(string TenantId, string KeyId, bool Revoked);
