using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>
/// The real app on Kestrel against the shared Azurite (the suite's <see cref="TelemetryApp"/>), with Policies
/// and PolicyAudit tables of its own and a one-second policy cache bound; one per test class.
/// </summary>
public sealed class AdminTestApp : IAsyncLifetime
{
    public const string AdminKey = TelemetryApp.AdminKey;

    private TelemetryApp _app = null!;

    /// <summary>The app's own Policies table (a unique name), opened without the app, for edits by hand.</summary>
    public TableClient Policies { get; private set; } = null!;

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The app's own tenant directory (what the ingestion path asks).</summary>
    public TenantDirectory Directory => _app.Services.GetRequiredService<TenantDirectory>();

    public async Task InitializeAsync()
    {
        var storage = new TestStorage((await AzuriteServer.SharedAsync()).ConnectionString);
        Policies = await storage.NewTableAsync("policies");
        var audit = await storage.NewTableAsync("audit");
        _app = await TelemetryApp.StartAsync(configureServices: services => services.AddSingleton(sp => new TelemetryTables(name => name switch
        {
            StorageNames.PoliciesTable => sp.GetRequiredService<TableServiceClient>().GetTableClient(Policies.Name),
            StorageNames.PolicyAuditTable => sp.GetRequiredService<TableServiceClient>().GetTableClient(audit.Name),
            _ => sp.GetRequiredService<TableServiceClient>().GetTableClient(name),
        })));
        Http = _app.CreateClient();
        Http.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }

    public string LogText => _app.Logs.LogText();

    /// <summary>A Policies entity as stored; null when there is none.</summary>
    public async Task<TableEntity?> PolicyEntityAsync(string partitionKey, string rowKey)
    {
        var found = await Policies.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>A client without any key.</summary>
    public HttpClient CreateClient() => _app.CreateClient();

    /// <summary>A tenant id no other test uses.</summary>
    public static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Registers a tenant and returns its first ingestion key.</summary>
    public async Task<string> RegisterAsync(string tenantId, string displayName = "Contoso")
    {
        using var response = await Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}", new { displayName });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return (string)body["key"]!;
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>A request with a raw JSON body and optional extra headers.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
