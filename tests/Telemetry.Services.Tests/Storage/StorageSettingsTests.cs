using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Telemetry.Services.Storage;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Storage;

/// <summary>The AzureWebJobsStorage settings as the contract names them; every refusal names the setting.</summary>
public class StorageSettingsTests
{
    [Fact]
    public void ConnectionStringSettingIsPreferredOverIdentitySettings()
    {
        var settings = Read(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage__queueServiceUri"] = "https://other.queue.core.windows.net",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://other.table.core.windows.net",
        });

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), settings.CreateQueueServiceClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), settings.CreateTableServiceClient(new TableClientOptions()).Uri);
    }

    [Fact]
    public void IdentitySettingsAreUsedWhenNoConnectionStringIsSet()
    {
        var settings = Read(new()
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net/",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://acct.table.core.windows.net/",
            ["AzureWebJobsStorage__credential"] = "managedidentity",
        });

        Assert.Null(settings.ConnectionString);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), settings.CreateQueueServiceClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net/"), settings.CreateTableServiceClient(new TableClientOptions()).Uri);
        Assert.IsType<ManagedIdentityCredential>(settings.Credential);
    }

    [Fact]
    public void AccountNameSettingStandsForThePublicCloudServiceUris()
    {
        var settings = Read(new() { ["AzureWebJobsStorage__accountName"] = "acct" });

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), settings.QueueServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), settings.TableServiceUri);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("acct.evil.example")]
    public void InvalidAccountNameSettingIsRefusedNamingIt(string accountName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new() { ["AzureWebJobsStorage__accountName"] = accountName }));

        Assert.Contains("'AzureWebJobsStorage__accountName'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagedIdentitySettingChoosesManagedIdentityAndAbsenceChoosesTheDefaultChain()
    {
        var managed = new Dictionary<string, string?> { ["S__credential"] = "managedidentity", ["S__clientId"] = "00000000-0000-0000-0000-000000000001" };

        Assert.IsType<ManagedIdentityCredential>(StorageSettings.CreateCredential(managed.GetValueOrDefault, "S"));
        Assert.IsType<DefaultAzureCredential>(StorageSettings.CreateCredential(_ => null, "S"));
    }

    [Fact]
    public void NoStorageSettingAtAllIsRefusedNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageSettings.Read(_ => null));

        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__queueServiceUri'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__queueServiceUri")]
    public void MissingServiceUriIsNamed(string present, string missing)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new() { [present] = "https://acct.core.windows.net" }));

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

        var error = Assert.Throws<InvalidOperationException>(() => StorageSettings.Read(settings.GetValueOrDefault, "Storage"));

        Assert.Contains("'Storage__queueServiceUri'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCredentialKindIsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new()
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage__credential"] = "password",
        }));

        Assert.Contains("'AzureWebJobsStorage__credential'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountConnectionStringDerivesEndpointsFromSuffixAndProtocol()
    {
        var settings = Read(new() { ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn" });

        Assert.Equal("acct.queue.core.chinacloudapi.cn", settings.CreateQueueServiceClient(new QueueClientOptions()).Uri.Host);
        Assert.Equal("acct.table.core.chinacloudapi.cn", settings.CreateTableServiceClient(new TableClientOptions()).Uri.Host);
    }

    [Theory]
    [InlineData("AccountName=acct")]
    [InlineData("AccountKey=a2V5")]
    [InlineData("AccountName=acct;AccountKey=!!notbase64!!")]
    [InlineData("notbase64")]
    public void BrokenConnectionStringsAreRefusedNamingTheSettingWithoutEchoingIt(string connectionString)
    {
        var settings = Read(new() { ["AzureWebJobsStorage"] = connectionString });

        var queues = Assert.Throws<InvalidOperationException>(() => settings.CreateQueueServiceClient(new QueueClientOptions()));
        var tables = Assert.Throws<InvalidOperationException>(() => settings.CreateTableServiceClient(new TableClientOptions()));

        foreach (var error in new[] { queues, tables })
        {
            Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("a2V5", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("notbase64", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task IdentityFormSendsABearerTokenForTheStorageScope()
    {
        var transport = new AnsweringTransport();
        var credential = new StaticTokenCredential("token-123");
        var settings = Read(new()
        {
            ["AzureWebJobsStorage__queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://acct.table.core.windows.net",
        }, credential);

        await settings.CreateQueueServiceClient(new QueueClientOptions { Transport = transport }).GetQueueClient("q").ExistsAsync();
        await settings.CreateTableServiceClient(new TableClientOptions { Transport = transport }).GetTableClient("T").GetEntityIfExistsAsync<TableEntity>("p", "r");

        Assert.Equal(["acct.queue.core.windows.net", "acct.table.core.windows.net"], transport.Requests.Select(r => r.Host));
        Assert.All(transport.Requests, r => Assert.Equal("Bearer token-123", r.Authorization));
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes.Distinct());
    }

    [Fact]
    public async Task ConnectionStringClientsReachTheEmulator()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var settings = Read(new() { ["AzureWebJobsStorage"] = azurite.ConnectionString });

        var queue = settings.CreateQueueServiceClient(new QueueClientOptions()).GetQueueClient(TestNames.Queue("settings"));
        await queue.CreateAsync();

        Assert.True((await queue.ExistsAsync()).Value);
    }

    private static StorageSettings Read(Dictionary<string, string?> values, TokenCredential? credential = null)
    {
        var settings = StorageSettings.Read(values.GetValueOrDefault);
        return credential is null ? settings : settings.WithCredential(credential);
    }

    /// <summary>Answers without a body (200 for queues, 404 for entities) and keeps the requests.</summary>
    private sealed class AnsweringTransport : Azure.Core.Pipeline.HttpPipelineTransport
    {
        private readonly Azure.Core.Pipeline.HttpClientTransport _real = new();

        public List<(string Host, string? Authorization)> Requests { get; } = [];

        public override Request CreateRequest() => _real.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Requests.Add((message.Request.Uri.Host!, message.Request.Headers.TryGetValue("Authorization", out var value) ? value : null));
            message.Response = new EmptyResponse(message.Request.Uri.Host!.Contains(".queue.", StringComparison.Ordinal) ? 200 : 404);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class EmptyResponse(int status) : Azure.Response
    {
        public override int Status => status;

        public override string ReasonPhrase => string.Empty;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = string.Empty;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
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
