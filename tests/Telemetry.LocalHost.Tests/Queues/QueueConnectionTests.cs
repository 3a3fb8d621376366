using Azure.Identity;
using Telemetry.LocalHost.Configuration;
using Telemetry.LocalHost.Queues;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class QueueConnectionTests
{
    [Fact]
    public void AConnectionStringInTheSettingIsUsed()
    {
        var connection = Resolve("AzureWebJobsStorage", new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.ServiceUri);
        Assert.Null(connection.Credential);
    }

    [Fact]
    public void ANamedConnectionIsAlsoLookedUpWithTheAzureWebJobsPrefix()
    {
        var connection = Resolve("Telemetry", new() { ["AzureWebJobsTelemetry"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.ServiceUri);
    }

    [Fact]
    public void TheIdentityFormUsesTheServiceUriAndAManagedIdentity()
    {
        var connection = Resolve("AzureWebJobsStorage", new()
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage__credential"] = "managedidentity",
            ["AzureWebJobsStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), connection.ServiceUri);
        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
    }

    [Fact]
    public void AnAccountNameStandsForThePublicCloudQueueService()
    {
        var connection = Resolve("AzureWebJobsStorage", new() { ["AzureWebJobsStorage__accountName"] = "acct" });

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), connection.ServiceUri);
        Assert.IsType<DefaultAzureCredential>(connection.Credential);
    }

    [Fact]
    public void AConnectionDefinedInNeitherFormIsRefusedNamingTheSettings()
    {
        var error = Assert.Throws<LocalHostStartException>(() => Resolve("Missing", []));

        Assert.Contains("Missing__queueServiceUri", error.Message, StringComparison.Ordinal);
    }

    private static QueueConnection Resolve(string name, Dictionary<string, string> values) =>
        QueueConnection.Resolve(name, AppSettings.Build(values, null, []));
}
