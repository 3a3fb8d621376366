using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

public sealed class CompilationTests
{
    [Fact]
    public void TheTemplateCompilesWithoutAnyWarning()
    {
        Assert.Empty(Bicep.Main.Diagnostics);
    }

    [Fact]
    public void EverythingIsDeployedIntoOneResourceGroupNamedAfterTheEnvironment()
    {
        var deployment = TestDeployment.WithDefaults;
        var environment = (string)TestDeployment.Parameters()["environmentName"]!;
        var group = deployment.Single("Microsoft.Resources/resourceGroups");

        Assert.Equal($"rg-{environment}", group.Name);
        Assert.All(
            deployment.Resources.Where(r => r != group),
            r => Assert.StartsWith($"{group.Id}/providers/", r.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void AResourceGroupNameGivenByTheOperatorIsUsedInstead()
    {
        var parameters = TestDeployment.Parameters();
        parameters["resourceGroupName"] = "rg-telemetry-given";

        var deployment = TestDeployment.Expand(parameters);

        Assert.Equal("rg-telemetry-given", deployment.Single("Microsoft.Resources/resourceGroups").Name);
        Assert.Contains("/resourceGroups/rg-telemetry-given/", deployment.Single("Microsoft.Web/sites").Id, StringComparison.Ordinal);
    }
}
