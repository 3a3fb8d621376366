using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>
/// The real app under the local host against the shared Azurite (the suite's <see cref="TelemetryApp"/>), with a
/// one-second policy cache bound and a purge window of <see cref="PurgeWindow"/>; one per test class. Every test
/// uses tenant ids of its own.
/// </summary>
public sealed class AdminTestApp : IAsyncLifetime
{
    public const string AdminKey = TelemetryApp.AdminKey;

    /// <summary>How long a deleted tenant's rows are purged for (and its id held): long enough to see both, short enough to wait for.</summary>
    public static readonly TimeSpan PurgeWindow = TimeSpan.FromSeconds(15);

    private TelemetryApp _app = null!;

    /// <summary>The Policies table, opened without the app, for edits by hand.</summary>
    public TableClient Policies { get; private set; } = null!;

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await TelemetryApp.StartAsync(settings =>
            settings["Telemetry__TenantPurgeWindowSeconds"] = PurgeWindow.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Policies = _app.Storage.GetTableClient(StorageNames.PoliciesTable);
        Http = _app.CreateClient();
        Http.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>The app itself, for its storage and rows.</summary>
    public TelemetryApp App => _app;

    /// <summary>A Policies entity as stored; null when there is none.</summary>
    public async Task<TableEntity?> PolicyEntityAsync(string partitionKey, string rowKey)
    {
        var found = await Policies.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// What the ingestion path makes of <paramref name="key"/>: its tenant's collection for client records as
    /// GET /api/v1/policy answers it, or null when the key is refused.
    /// </summary>
    public async Task<JsonObject?> IngestionViewAsync(string key)
    {
        using var request = Request(HttpMethod.Get, "/api/v1/policy?source=client", null, ("x-api-key", key));
        using var response = await _app.Client.SendAsync(request);
        return response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? null : await ReadJsonAsync(response);
    }

    /// <summary>True when ingestion, for <paramref name="key"/>'s tenant, suppresses usage (DisableAutomaticSendTracing).</summary>
    public async Task<bool> IngestionSuppressesUsageAsync(string key) =>
        (string?)(await IngestionViewAsync(key) ?? throw new InvalidOperationException("The key is refused."))["usage"] == "off";

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
