using System.Text.Json.Nodes;
using Telemetry.Infra.Tests.Arm;

namespace Telemetry.Infra.Tests.Support;

/// <summary>infra/main.bicep compiled and expanded as a subscription deployment with test parameters.</summary>
internal static class TestDeployment
{
    public const string AdminKey = "test-only-admin-key-0123456789-abcdefghij";

    public static readonly DeploymentScope Subscription = new(
        SubscriptionId: "00000000-0000-4000-8000-000000000001",
        TenantId: "00000000-0000-4000-8000-000000000002",
        Location: "westeurope");

    /// <summary>Two key versions, so that loops over them are seen to produce one item per version.</summary>
    public static readonly IReadOnlyDictionary<string, string> PseudonymizationKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["v1"] = Convert.ToBase64String("test-only pseudonymization key v1, 32+ bytes"u8),
        ["v2"] = Convert.ToBase64String("test-only pseudonymization key v2, 32+ bytes"u8),
    };

    private static readonly Lazy<ArmDeployment> Default = new(() => Expand(Parameters()));

    /// <summary>The deployment with infra/main.parameters.json and the test secrets.</summary>
    public static ArmDeployment WithDefaults => Default.Value;

    /// <summary>The values of infra/main.parameters.json plus the secure parameters it must not hold.</summary>
    public static Dictionary<string, JsonNode?> Parameters()
    {
        var values = ParametersFile().ToDictionary(p => p.Key, p => p.Value?["value"]?.DeepClone(), StringComparer.OrdinalIgnoreCase);
        values["adminKey"] = AdminKey;
        values["pseudonymizationKeys"] = new JsonObject(PseudonymizationKeys.Select(k => KeyValuePair.Create(k.Key, (JsonNode?)k.Value)));
        return values;
    }

    public static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Bicep.PathOf("infra/main.parameters.json")))?["parameters"]?.AsObject()
            ?? throw new InvalidDataException("infra/main.parameters.json has no parameters.");

    public static ArmDeployment Expand(Dictionary<string, JsonNode?> parameters) => new(Bicep.Main.Template, parameters, Subscription);

    public static DeployedResource Single(this ArmDeployment deployment, string type) =>
        Assert.Single(deployment.Resources, r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<DeployedResource> All(this ArmDeployment deployment, string type) =>
        [.. deployment.Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The function app's app settings by name (a name set twice fails).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this ArmDeployment deployment) =>
        deployment.Single("Microsoft.Web/sites").Properties!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);
}
