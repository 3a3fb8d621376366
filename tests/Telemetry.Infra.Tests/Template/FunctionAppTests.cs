using System.Text.Json.Nodes;
using Telemetry.Infra.Tests.Arm;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>The Flex Consumption plan and the function app: runtime, deployment, hardening and CORS.</summary>
public sealed class FunctionAppTests
{
    private static readonly ArmDeployment Deployment = TestDeployment.WithDefaults;

    private static DeployedResource App => Deployment.Single("Microsoft.Web/sites");

    [Fact]
    public void TheAppRunsAsADotnetIsolatedWorkerOnTheDotnetVersionTheAppTargets()
    {
        var runtime = App.Properties!["functionAppConfig"]!["runtime"]!;

        Assert.Equal(AppContract.WorkerRuntime, (string?)runtime["name"]);
        Assert.Equal(AppContract.DotnetVersion, (string?)runtime["version"]);
    }

    [Fact]
    public void TheAppIsALinuxFunctionAppOnAFlexConsumptionPlan()
    {
        var plan = Deployment.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FlexConsumption", (string?)plan.Definition["sku"]!["tier"]);
        Assert.Equal("FC1", (string?)plan.Definition["sku"]!["name"]);
        Assert.True((bool?)plan.Properties!["reserved"]);
        Assert.Equal("functionapp,linux", (string?)App.Definition["kind"]);
        Assert.Equal(plan.Id, (string?)App.Properties!["serverFarmId"]);
    }

    [Fact]
    public void TheAppRunsAsTheUserAssignedIdentityAlone()
    {
        var identity = Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        Assert.Equal("UserAssigned", (string?)App.Definition["identity"]!["type"]);
        Assert.Equal([identity.Id], App.Definition["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Equal(identity.Id, (string?)App.Properties!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void ThePackageIsDeployedFromAPrivateBlobContainerWithTheIdentity()
    {
        var identity = Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var storage = Deployment.Single("Microsoft.Storage/storageAccounts");
        var container = Deployment.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var source = App.Properties!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", (string?)source["type"]);
        Assert.Equal(Runtime.Property(storage.Id, "primaryEndpoints.blob") + container.Name.Split('/')[^1], (string?)source["value"]);
        Assert.Equal("UserAssignedIdentity", (string?)source["authentication"]!["type"]);
        Assert.Equal(identity.Id, (string?)source["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.Equal("None", (string?)container.Properties!["publicAccess"]);
    }

    [Fact]
    public void TheAppAcceptsHttpsOnlyAndNoPublishingPasswords()
    {
        var publishing = Deployment.All("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.True((bool?)App.Properties!["httpsOnly"]);
        Assert.Equal("1.2", (string?)App.Properties!["siteConfig"]!["minTlsVersion"]);
        Assert.Equal(["ftp", "scm"], publishing.Select(p => p.Name.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(publishing, p => Assert.False((bool?)p.Properties!["allow"]));
    }

    [Fact]
    public void ScaleComesFromTheParameters()
    {
        var parameters = TestDeployment.Parameters();
        parameters["maximumInstanceCount"] = 250L;
        parameters["instanceMemoryMB"] = 4096L;

        var scale = TestDeployment.Expand(parameters).Single("Microsoft.Web/sites").Properties!["functionAppConfig"]!["scaleAndConcurrency"]!;

        Assert.Equal(250L, (long?)scale["maximumInstanceCount"]);
        Assert.Equal(4096L, (long?)scale["instanceMemoryMB"]);
    }

    public static TheoryData<string[]> Origins => new()
    {
        Array.Empty<string>(),
        new[] { "https://join.contoso.com" },
        new[] { "https://join.contoso.com", "https://meet.fabrikam.com:8443" },
    };

    [Theory]
    [MemberData(nameof(Origins))]
    public void BrowserOriginsAllowedByThePlatformCorsAreExactlyTheParameter(string[] origins)
    {
        var parameters = TestDeployment.Parameters();
        parameters["corsAllowedOrigins"] = new JsonArray([.. origins.Select(o => (JsonNode)o)]);

        var cors = TestDeployment.Expand(parameters).Single("Microsoft.Web/sites").Properties!["siteConfig"]!["cors"]!;

        Assert.Equal(origins, cors["allowedOrigins"]!.AsArray().Select(o => (string)o!));
        Assert.False((bool?)cors["supportCredentials"]);
    }

    [Fact]
    public void NoBrowserOriginIsAllowedUnlessTheOperatorNamesOne()
    {
        var parameters = TestDeployment.Parameters();
        parameters.Remove("corsAllowedOrigins");

        var cors = TestDeployment.Expand(parameters).Single("Microsoft.Web/sites").Properties!["siteConfig"]!["cors"]!;

        Assert.Empty(cors["allowedOrigins"]!.AsArray());
    }
}
