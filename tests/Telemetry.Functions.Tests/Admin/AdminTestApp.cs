using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Functions.Tenants;
using Telemetry.Functions.Tests.Tenants;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>
/// The real app on Kestrel (loopback, a free port) against the shared Azurite, with Policies and PolicyAudit
/// tables of its own and a one-second policy cache bound.
/// </summary>
public sealed class AdminTestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const int PolicyCacheSeconds = 1;

    public PolicyTables Tables { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The app's own tenant directory (what the ingestion path asks).</summary>
    public ITenantDirectory Directory => Services.GetRequiredService<ITenantDirectory>();

    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = (await AzuriteServer.SharedAsync()).ConnectionString;
        Tables = await TestPolicyTables.CreateAsync();
        UseKestrel(0);
        StartServer();
        Http = CreateClient();
        Http.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("AzureWebJobsStorage", _connectionString);
        builder.UseSetting("Telemetry:AdminKey", AdminKey);
        builder.UseSetting("Telemetry:PolicyCacheSeconds", PolicyCacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Telemetry:Pseudonymization:Keys:v1", Convert.ToBase64String(Encoding.UTF8.GetBytes("test-pseudonymization-key-of-32-bytes!!")));
        builder.UseSetting("Telemetry:Pseudonymization:CurrentKey", "v1");
        builder.UseSetting("Telemetry:QueueWorkers:Enabled", "false");
        builder.ConfigureTestServices(services => services.AddSingleton(Tables));
    }

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

    /// <summary>A request with a raw body and optional extra headers.</summary>
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
