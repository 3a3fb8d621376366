using System.Collections;
using System.Reflection;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The settings the service reads at start-up, by the names operators write (environment form).</summary>
internal static class ServiceSettings
{
    /// <summary>The identity form of AzureWebJobsStorage that the service's storage clients read.</summary>
    public static readonly string[] StorageIdentity =
    [
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
    ];

    /// <summary>Every Telemetry__* setting, derived from the options classes; a dictionary's keys are written as *.</summary>
    public static IReadOnlyList<string> Telemetry { get; } =
        Leaves(typeof(TelemetryOptions), TelemetryOptions.SectionName).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Leaves(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{prefix}__{property.Name}";
            var propertyType = property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return name;
            }
            else if (typeof(IDictionary).IsAssignableFrom(propertyType))
            {
                yield return name + "__*";
            }
            else
            {
                foreach (var leaf in Leaves(propertyType, name))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(Uri);
    }
}
