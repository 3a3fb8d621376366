using Telemetry.Infra.Tests.Arm;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>The storage account: Entra ID only, with every queue and table the app uses.</summary>
public sealed class StorageTests
{
    private static readonly ArmDeployment Deployment = TestDeployment.WithDefaults;

    [Fact]
    public void TheAccountAcceptsEntraIdOverTls12AndNeitherSharedKeysNorPublicBlobs()
    {
        var account = Deployment.Single("Microsoft.Storage/storageAccounts").Properties!;

        Assert.False((bool?)account["allowSharedKeyAccess"]);
        Assert.True((bool?)account["defaultToOAuthAuthentication"]);
        Assert.False((bool?)account["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.True((bool?)account["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void EveryQueueTheAppUsesExistsAndNoOther()
    {
        var queues = Deployment.All("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.Name.Split('/')[^1]);

        Assert.Equal(AppContract.QueueNames.Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryTableTheAppUsesExistsAndNoOther()
    {
        var tables = Deployment.All("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.Name.Split('/')[^1]);

        Assert.Equal(AppContract.TableNames.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void QueuesTablesAndTheDeploymentContainerLiveInTheOneAccount()
    {
        var account = Deployment.Single("Microsoft.Storage/storageAccounts");
        var children = Deployment.Resources.Where(r => r.Type.StartsWith("Microsoft.Storage/storageAccounts/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(children);
        Assert.All(children, child => Assert.StartsWith(account.Id + "/", child.Id, StringComparison.Ordinal));
    }
}
