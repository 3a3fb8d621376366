using Telemetry.Infra.Tests.Arm;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>The function app's settings: what the host and the worker read, and nothing else; secrets only by reference.</summary>
public sealed class AppSettingsTests
{
    private const string KeySettingPrefix = "Telemetry__Pseudonymization__Keys__";

    private static readonly ArmDeployment Deployment = TestDeployment.WithDefaults;

    private static IReadOnlyDictionary<string, string> Settings => Deployment.AppSettings();

    private static string IdentityId => Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities").Id;

    [Fact]
    public void EverySettingTheWorkerReadsIsSet()
    {
        var required = AppContract.ServiceSettings
            .Concat(AppContract.StorageIdentitySettings)
            .ToList();

        Assert.NotEmpty(required);
        Assert.All(required, setting => Assert.True(
            setting.EndsWith("__*", StringComparison.Ordinal)
                ? Settings.Keys.Any(name => name.StartsWith(setting[..^1], StringComparison.Ordinal))
                : Settings.ContainsKey(setting),
            $"The template sets no {setting}."));
    }

    [Fact]
    public void NoSettingIsSetThatNeitherTheHostNorTheWorkerReads()
    {
        var read = AppContract.ServiceSettings.Concat(AppContract.StorageIdentitySettings).Concat(AppContract.HostSettings).ToList();

        Assert.All(Settings.Keys, name => Assert.True(
            read.Any(setting => setting.EndsWith("__*", StringComparison.Ordinal)
                ? name.StartsWith(setting[..^1], StringComparison.Ordinal)
                : name == setting),
            $"The template sets {name}, which nothing reads."));
    }

    [Fact]
    public void EachPseudonymizationKeyVersionIsASettingThatReferencesItsOwnSecret()
    {
        var secrets = Deployment.All("Microsoft.KeyVault/vaults/secrets");
        var keySettings = Settings.Where(s => s.Key.StartsWith(KeySettingPrefix, StringComparison.Ordinal)).ToList();

        Assert.Equal(TestDeployment.PseudonymizationKeys.Keys.Order(StringComparer.Ordinal), keySettings.Select(s => s.Key[KeySettingPrefix.Length..]).Order(StringComparer.Ordinal));
        foreach (var (version, key) in TestDeployment.PseudonymizationKeys)
        {
            var secret = Assert.Single(secrets, s => (string?)s.Properties!["value"] == key);
            Assert.Equal(KeyVaultReference(secret), Settings[KeySettingPrefix + version]);
        }
    }

    [Fact]
    public void TheAdminKeyIsAKeyVaultReferenceToTheSecretThatHoldsIt()
    {
        var secret = Assert.Single(Deployment.All("Microsoft.KeyVault/vaults/secrets"), s => (string?)s.Properties!["value"] == TestDeployment.AdminKey);

        Assert.Equal(KeyVaultReference(secret), Settings["Telemetry__AdminKey"]);
    }

    [Fact]
    public void NoSecretValueReachesTheAppSettings()
    {
        var secrets = TestDeployment.PseudonymizationKeys.Values.Append(TestDeployment.AdminKey).ToList();

        Assert.All(Settings, setting => Assert.DoesNotContain(secrets, secret => setting.Value.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public void TheCurrentKeyVersionComesFromItsParameter()
    {
        var parameters = TestDeployment.Parameters();
        parameters["currentPseudonymizationKeyVersion"] = "v2";

        Assert.Equal("v2", TestDeployment.Expand(parameters).AppSettings()["Telemetry__Pseudonymization__CurrentKey"]);
    }

    public static TheoryData<string, string> TuningParameters => new()
    {
        { "policyCacheSeconds", "Telemetry__PolicyCacheSeconds" },
        { "tenantPurgeWindowSeconds", "Telemetry__TenantPurgeWindowSeconds" },
        { "rateLimitRequestsPerMinute", "Telemetry__RateLimit__RequestsPerMinute" },
        { "rateLimitBurst", "Telemetry__RateLimit__Burst" },
        { "maxParallelPartitions", "Telemetry__Processing__MaxParallelPartitions" },
    };

    [Theory]
    [MemberData(nameof(TuningParameters))]
    public void EachTuningParameterReachesItsSetting(string parameter, string setting)
    {
        var parameters = TestDeployment.Parameters();
        parameters[parameter] = 7L;

        Assert.Equal("7", TestDeployment.Expand(parameters).AppSettings()[setting]);
        Assert.NotEqual("7", Settings[setting]);
    }

    [Fact]
    public void StorageIsReachedWithTheIdentityAndNeverWithAConnectionString()
    {
        var storage = Deployment.Single("Microsoft.Storage/storageAccounts").Id;

        Assert.DoesNotContain("AzureWebJobsStorage", Settings.Keys);
        Assert.Equal("managedidentity", Settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(Runtime.Property(IdentityId, "clientId"), Settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(Runtime.Property(storage, "primaryEndpoints.blob"), Settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal(Runtime.Property(storage, "primaryEndpoints.queue"), Settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal(Runtime.Property(storage, "primaryEndpoints.table"), Settings["AzureWebJobsStorage__tableServiceUri"]);
    }

    [Fact]
    public void TelemetryGoesToTheProvisionedApplicationInsightsAuthenticatedAsTheIdentity()
    {
        var appInsights = Deployment.Single("Microsoft.Insights/components").Id;

        Assert.Equal(Runtime.Property(appInsights, "ConnectionString"), Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal($"ClientId={Runtime.Property(IdentityId, "clientId")};Authorization=AAD", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    private static string KeyVaultReference(DeployedResource secret) => $"@Microsoft.KeyVault(SecretUri={Runtime.Property(secret.Id, "secretUri")})";
}
