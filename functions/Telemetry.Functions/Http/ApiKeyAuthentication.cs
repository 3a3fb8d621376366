using Telemetry.Functions.Tenants;

namespace Telemetry.Functions.Http;

/// <summary>Resolves the x-api-key header to its tenant; the key itself is never logged or kept.</summary>
public static class ApiKeyAuthentication
{
    public const string HeaderName = "x-api-key";
    private const int MaxKeyLength = 256;

    /// <summary>The tenant id, or the 401 problem to answer.</summary>
    public static async ValueTask<(string? TenantId, IResult? Problem)> AuthenticateAsync(
        HttpRequest request, ITenantDirectory tenants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenants);

        var values = request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return (null, Problems.Unauthorized("missing_api_key", $"Send the tenant's ingestion key in the {HeaderName} header."));
        }

        var key = values[0]!.Trim();
        var tenantId = values.Count == 1 && key.Length <= MaxKeyLength
            ? await tenants.FindTenantByKeyAsync(key, cancellationToken).ConfigureAwait(false)
            : null;
        return tenantId is null
            ? (null, Problems.Unauthorized("invalid_api_key", "The ingestion key is unknown or revoked."))
            : (tenantId, null);
    }
}
