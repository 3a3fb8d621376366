using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Telemetry.Functions.Admin;

/// <summary>PUT /tenants/{tenantId}: the tenant's name as people read it.</summary>
internal sealed record TenantBody(
    [property: Required(ErrorMessage = "1 to 256 characters, not blank, without control characters.")]
    [property: StringLength(256, ErrorMessage = "1 to 256 characters, not blank, without control characters.")]
    [property: RegularExpression(@"^\P{Cc}*$", ErrorMessage = "1 to 256 characters, not blank, without control characters.")]
    string DisplayName);

/// <summary>PUT /tenants/{tenantId}/policy.</summary>
internal sealed record TenantPolicyBody(bool DisableAutomaticSendTracing);

/// <summary>PUT /tenants/{tenantId}/pools/{poolId}/policy.</summary>
internal sealed record PoolPolicyBody(bool MeetingUxEnableTelemetry);

/// <summary>The JSON shape of a body record: its camelCase properties and the JSON kind each must have.</summary>
internal static class BodySchema
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNameCaseInsensitive = false };

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, JsonKind>> Schemas = new();

    public static IReadOnlyDictionary<string, JsonKind> For<TBody>() => Schemas.GetOrAdd(typeof(TBody), Describe);

    private static IReadOnlyDictionary<string, JsonKind> Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(
            property => JsonNamingPolicy.CamelCase.ConvertName(property.Name),
            property => property.PropertyType == typeof(bool) ? JsonKind.Boolean
                : property.PropertyType == typeof(string) ? JsonKind.String
                : throw new NotSupportedException($"{type.Name}.{property.Name}: admin bodies hold strings and booleans."),
            StringComparer.Ordinal);
}

/// <summary>The JSON value kinds admin bodies use.</summary>
internal sealed record JsonKind(string Expectation, Func<JsonElement, bool> Matches)
{
    public static readonly JsonKind String = new("Must be a string.", value => value.ValueKind == JsonValueKind.String);

    public static readonly JsonKind Boolean = new("Must be true or false.", value => value.ValueKind is JsonValueKind.True or JsonValueKind.False);
}
