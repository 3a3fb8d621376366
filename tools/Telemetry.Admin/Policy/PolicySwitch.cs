using Telemetry.Admin.Commands;

namespace Telemetry.Admin.Policy;

/// <summary>One of the two privacy switches: its name as admins know it, its JSON property and its route.</summary>
internal sealed record PolicySwitch(string Name, string Property, string Path, string Target)
{
    public const string DisableAutomaticSendTracing = "DisableAutomaticSendTracing";
    public const string MeetingUxEnableTelemetry = "MeetingUxEnableTelemetry";

    public static PolicySwitch Tenant(string tenantId) => new(
        DisableAutomaticSendTracing, "disableAutomaticSendTracing", $"api/v1/admin/tenants/{Arguments.Segment(tenantId)}/policy", $"tenant {tenantId}");

    public static PolicySwitch Pool(string tenantId, string poolId) => new(
        MeetingUxEnableTelemetry,
        "meetingUxEnableTelemetry",
        $"api/v1/admin/tenants/{Arguments.Segment(tenantId)}/pools/{Arguments.Segment(poolId)}/policy",
        $"pool {poolId} of tenant {tenantId}");
}
