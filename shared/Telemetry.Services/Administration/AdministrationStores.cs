using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>What tenant and policy administration change and read: the tables, the trail, the directory to tell.</summary>
internal sealed record AdministrationStores(
    TelemetryTables Tables, AuditTrail Audit, PolicyReader Reader, TenantDirectory Directory, StorageResources Resources);
