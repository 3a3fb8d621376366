using System.CommandLine;

namespace Telemetry.Admin.Commands;

/// <summary>The positional arguments commands share.</summary>
internal static class Arguments
{
    public static Argument<string> TenantId() => new("tenantId") { Description = "The tenant id (letters, digits, '.', '_' or '-')." };

    public static Argument<string> PoolId() => new("poolId") { Description = "The pool id, e.g. pool01.contoso.com." };

    /// <summary>A route segment: ids are validated by the service, but never allowed to change the route.</summary>
    public static string Segment(string id) => Uri.EscapeDataString(id);
}
