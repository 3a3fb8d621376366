using Azure.Core;
using Azure.Identity;
using Telemetry.Storage.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Storage.Tests.Account;

public class StorageAccountTests
{
    [Fact]
    public void ConnectionStringSettingIsPreferredOverIdentitySettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Offline.ConnectionString,
            ["AzureWebJobsStorage__queueServiceUri"] = "https://other.queue.core.windows.net",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://other.table.core.windows.net",
        };

        var account = StorageAccount.FromSettings(settings.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableServiceUri);
    }

    [Fact]
    public void IdentitySettingsAreUsedWhenNoConnectionStringIsSet()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net/",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://acct.table.core.windows.net/",
            ["AzureWebJobsStorage__credential"] = "managedidentity",
        };

        var account = StorageAccount.FromSettings(settings.GetValueOrDefault);

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), account.QueueServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), account.TableServiceUri);
    }

    [Fact]
    public void AccountNameSettingStandsForThePublicCloudServiceUris()
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage__accountName"] = "acct" };

        var account = StorageAccount.FromSettings(settings.GetValueOrDefault);

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), account.QueueServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), account.TableServiceUri);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("acct.evil.example")]
    public void InvalidAccountNameSettingIsRefusedNamingIt(string accountName)
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage__accountName"] = accountName };

        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(settings.GetValueOrDefault));

        Assert.Contains("'AzureWebJobsStorage__accountName'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagedIdentitySettingChoosesManagedIdentityAndAbsenceChoosesTheDefaultChain()
    {
        var managed = new Dictionary<string, string?> { ["S__credential"] = "managedidentity", ["S__clientId"] = "00000000-0000-0000-0000-000000000001" };

        Assert.IsType<ManagedIdentityCredential>(StorageSettings.Credential(managed.GetValueOrDefault, "S"));
        Assert.IsType<DefaultAzureCredential>(StorageSettings.Credential(_ => null, "S"));
    }

    [Fact]
    public void NoStorageSettingAtAllIsRefusedNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(_ => null));

        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__queueServiceUri'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__queueServiceUri")]
    public void MissingServiceUriIsNamed(string present, string missing)
    {
        var settings = new Dictionary<string, string?> { [present] = "https://acct.core.windows.net" };

        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(settings.GetValueOrDefault));

        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpServiceUriIsRefusedForBearerTokens()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__queueServiceUri"] = "http://acct.queue.core.windows.net",
            ["Storage__tableServiceUri"] = "https://acct.table.core.windows.net",
        };

        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(settings.GetValueOrDefault, "Storage"));

        Assert.Contains("'Storage__queueServiceUri'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCredentialKindIsRefusedNamingTheSetting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage__credential"] = "password",
        };

        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(settings.GetValueOrDefault));

        Assert.Contains("'AzureWebJobsStorage__credential'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevelopmentStorageShortcutPointsAtTheLocalEmulator()
    {
        var account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableServiceUri);
    }

    [Fact]
    public void AccountConnectionStringDerivesEndpointsFromSuffixAndProtocol()
    {
        var account = StorageAccount.FromConnectionString(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://acct.queue.core.chinacloudapi.cn"), account.QueueServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), account.TableServiceUri);
    }

    [Theory]
    [InlineData("AccountName=acct", "AccountKey")]
    [InlineData("AccountKey=a2V5", "AccountName")]
    [InlineData("AccountName=acct;AccountKey=a2V5;SharedAccessSignature=sv=1", "SharedAccessSignature")]
    [InlineData("AccountName=acct;AccountKey=!!notbase64!!", "Base64")]
    [InlineData("AccountName=acct;AccountKey=a2V5;QueueEndpoint=ftp://x", "QueueEndpoint")]
    public void BrokenConnectionStringsAreRefusedWithoutEchoingTheKey(string connectionString, string named)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => StorageAccount.FromConnectionString(connectionString));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("notbase64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityAccountSendsABearerTokenForTheStorageScope()
    {
        var transport = new RecordingTransport();
        var credential = new StaticTokenCredential("token-123");
        var account = StorageAccount.FromServiceUris(
            new Uri("https://acct.queue.core.windows.net"), new Uri("https://acct.table.core.windows.net"), credential,
            new StorageClientOptions { Transport = transport });

        await account.CheckQueueServiceAsync();
        await account.CheckTableServiceAsync();

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.Equal("Bearer token-123", r.Headers["Authorization"]));
        Assert.All(transport.Requests, r => Assert.True(r.Headers.ContainsKey("x-ms-version")));
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes.Distinct());
        Assert.Equal("https://acct.queue.core.windows.net/?comp=list&maxresults=1", transport.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("https://acct.table.core.windows.net/Tables?$top=1", transport.Requests[1].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task ServiceChecksSucceedAgainstTheEmulator()
    {
        var account = await TestStorage.AccountAsync();

        await account.CheckQueueServiceAsync();
        await account.CheckTableServiceAsync();
    }

    [Fact]
    public async Task ServiceChecksFailWithTheServiceCodeWhenTheKeyIsWrong()
    {
        var server = await AzuriteServer.SharedAsync();
        var wrongKey = server.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        var account = StorageAccount.FromConnectionString(wrongKey);

        var queues = await Assert.ThrowsAsync<StorageRequestException>(() => account.CheckQueueServiceAsync());
        var tables = await Assert.ThrowsAsync<StorageRequestException>(() => account.CheckTableServiceAsync());

        Assert.Equal(403, queues.Status);
        Assert.Equal(403, tables.Status);
        Assert.Equal("AuthenticationFailed", queues.ErrorCode);
    }

    [Fact]
    public async Task ServiceChecksFailWhenTheEmulatorIsGone()
    {
        var server = await AzuriteServer.StartNewAsync();
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        var account = StorageAccount.FromConnectionString(server.ConnectionString, options);
        await account.CheckQueueServiceAsync();

        await server.DisposeAsync();

        Assert.Equal(0, (await Assert.ThrowsAsync<StorageRequestException>(() => account.CheckQueueServiceAsync())).Status);
        Assert.Equal(0, (await Assert.ThrowsAsync<StorageRequestException>(() => account.CheckTableServiceAsync())).Status);
    }

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
