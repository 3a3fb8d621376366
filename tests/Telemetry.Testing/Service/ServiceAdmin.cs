using System.Net.Http.Json;
using System.Text.Json;

namespace Telemetry.Testing.Service;

/// <summary>The admin routes a test needs to set up a tenant, over HTTP like any admin.</summary>
public sealed class ServiceAdmin(RunningService service) : IDisposable
{
    private readonly HttpClient _http = Create(service);

    /// <summary>Registers a new tenant; returns its first ingestion key.</summary>
    public async Task<string> RegisterTenantAsync(string tenantId)
    {
        using var response = await _http.PutAsJsonAsync($"api/v1/admin/tenants/{tenantId}", new { displayName = tenantId }).ConfigureAwait(false);
        await EnsureAsync(response, System.Net.HttpStatusCode.Created).ConfigureAwait(false);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return body.RootElement.GetProperty("key").GetString()!;
    }

    public async Task SetDisableAutomaticSendTracingAsync(string tenantId, bool value)
    {
        using var response = await _http.PutAsJsonAsync($"api/v1/admin/tenants/{tenantId}/policy", new { disableAutomaticSendTracing = value }).ConfigureAwait(false);
        await EnsureAsync(response, System.Net.HttpStatusCode.OK).ConfigureAwait(false);
    }

    public async Task SetMeetingUxEnableTelemetryAsync(string tenantId, string poolId, bool value)
    {
        using var response = await _http.PutAsJsonAsync($"api/v1/admin/tenants/{tenantId}/pools/{poolId}/policy", new { meetingUxEnableTelemetry = value }).ConfigureAwait(false);
        await EnsureAsync(response, System.Net.HttpStatusCode.OK).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(RunningService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var http = new HttpClient { BaseAddress = service.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-admin-key", service.AdminKey);
        return http;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, not {(int)expected}: " +
                await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }
    }
}
