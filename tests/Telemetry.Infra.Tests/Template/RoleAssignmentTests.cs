using Telemetry.Infra.Tests.Arm;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>What the app's identity may do: the least privilege for each use, each on the one resource that needs it.</summary>
public sealed class RoleAssignmentTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly ArmDeployment Deployment = TestDeployment.WithDefaults;

    private static IReadOnlyList<DeployedResource> Assignments => Deployment.All("Microsoft.Authorization/roleAssignments");

    private static string IdentityId => Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities").Id;

    [Fact]
    public void TheIdentityHoldsExactlyTheRolesItsUsesNeedEachOnTheResourceOfThatUse()
    {
        var storage = Deployment.Single("Microsoft.Storage/storageAccounts").Id;
        var vault = Deployment.Single("Microsoft.KeyVault/vaults").Id;
        var appInsights = Deployment.Single("Microsoft.Insights/components").Id;
        (string Role, string Scope)[] expected =
        [
            (StorageBlobDataOwner, storage), // the host's leases, keys and containers; the deployment package
            (StorageQueueDataContributor, storage), // enqueue, queue triggers, poison queues, missing queues re-created
            (StorageTableDataContributor, storage), // telemetry rows, tenants, policies, audit; missing tables re-created
            (KeyVaultSecretsUser, vault), // Key Vault references: read secret values, nothing else
            (MonitoringMetricsPublisher, appInsights), // Entra ID authenticated telemetry ingestion
        ];

        var granted = Assignments.Select(a => (Role: RoleOf(a), Scope: (string)a.Definition["scope"]!));

        Assert.Equal(expected.Order(), granted.Order());
    }

    [Fact]
    public void EveryAssignmentGoesToTheAppIdentityAsAServicePrincipal()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            Assert.Equal(Runtime.Property(IdentityId, "principalId"), (string?)a.Properties!["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)a.Properties!["principalType"]);
        });
    }

    [Fact]
    public void EveryAssignmentIsNamedFromItsScopePrincipalAndRoleSoThatRedeploymentsKeepIt()
    {
        Assert.All(Assignments, a =>
        {
            var expected = ArmEvaluator.StandInGuid(
                (string)a.Definition["scope"]!, (string)a.Properties!["principalId"]!, (string)a.Properties!["roleDefinitionId"]!);
            Assert.Equal(expected, a.Name);
        });
    }

    [Fact]
    public void EveryAssignmentSaysWhyTheIdentityHoldsIt()
    {
        Assert.All(Assignments, a => Assert.False(string.IsNullOrWhiteSpace((string?)a.Properties!["description"])));
    }

    private static string RoleOf(DeployedResource assignment)
    {
        var definition = (string)assignment.Properties!["roleDefinitionId"]!;
        Assert.StartsWith($"{TestDeployment.Subscription.SubscriptionResourceId}/providers/Microsoft.Authorization/roleDefinitions/", definition, StringComparison.Ordinal);
        return definition.Split('/')[^1];
    }
}
