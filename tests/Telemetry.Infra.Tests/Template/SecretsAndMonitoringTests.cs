using Telemetry.Infra.Tests.Arm;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>Key Vault and Application Insights: identity-only access to secrets and telemetry.</summary>
public sealed class SecretsAndMonitoringTests
{
    private static readonly ArmDeployment Deployment = TestDeployment.WithDefaults;

    [Fact]
    public void ApplicationInsightsAcceptsOnlyEntraIdAuthenticatedTelemetryIntoTheWorkspace()
    {
        var appInsights = Deployment.Single("Microsoft.Insights/components").Properties!;
        var workspace = Deployment.Single("Microsoft.OperationalInsights/workspaces");

        Assert.True((bool?)appInsights["DisableLocalAuth"]);
        Assert.Equal(workspace.Id, (string?)appInsights["WorkspaceResourceId"]);
        Assert.True((bool?)workspace.Properties!["features"]!["disableLocalAuth"]);
    }

    [Fact]
    public void TheVaultAuthorizesWithRolesAndKeepsDeletedSecretsRecoverable()
    {
        var vault = Deployment.Single("Microsoft.KeyVault/vaults").Properties!;

        Assert.True((bool?)vault["enableRbacAuthorization"]);
        Assert.True((bool?)vault["enableSoftDelete"]);
        Assert.True((bool?)vault["enablePurgeProtection"]);
        Assert.Equal(TestDeployment.Subscription.TenantId, (string?)vault["tenantId"]);
    }

    [Fact]
    public void TheVaultHoldsTheAdminKeyAndEachPseudonymizationKeyAsItsOwnSecret()
    {
        var secrets = Deployment.All("Microsoft.KeyVault/vaults/secrets").Select(s => (string?)s.Properties!["value"]);

        Assert.Equal(
            TestDeployment.PseudonymizationKeys.Values.Append(TestDeployment.AdminKey).Order(StringComparer.Ordinal),
            secrets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NoOutputCarriesASecret()
    {
        var secrets = TestDeployment.PseudonymizationKeys.Values.Append(TestDeployment.AdminKey).ToList();
        var outputs = Deployment.Outputs.ToJsonString();

        Assert.All(secrets, secret => Assert.DoesNotContain(secret, outputs, StringComparison.Ordinal));
    }
}
