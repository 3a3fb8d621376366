using System.Net;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Observability;

/// <summary>
/// What operators see in the host's and the worker's logs: counts, names and ids, never a clear identifier or a key,
/// not even when a queue message that carries one cannot be stored. (Metrics are tagged by category and outcome
/// only: Telemetry.Services.Tests proves it on the services that count.)
/// </summary>
public sealed class PrivacyInLogsTests
{
    [Fact]
    public async Task LogsHoldNoneOfTheClearIdentifiersOrKeysSent()
    {
        // A storage of its own, so that this app's worker is the one that stores (and fails to store) the messages.
        await using var azurite = await AzuriteServer.StartNewAsync();
        await using var app = await TelemetryApp.StartAsync(azurite: azurite);
        var tenant = await app.Tenants.CreateAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var clear = new[] { $"amos.{marker}", $"sip:amos.{marker}@contoso.example", "192.0.2.199", $"amos.{marker}@contoso.example" };
        var accepted = Records.Error();
        accepted["userId"] = clear[0];
        accepted["sipUri"] = clear[1];
        accepted["ipAddress"] = clear[2];
        var suppressed = Records.Error(userOptIn: false);
        suppressed["userId"] = clear[0];
        var rejected = Records.Error();
        rejected["email"] = clear[3];
        var census = Records.Census();
        census["userId"] = clear[3];
        var malformed = $"{{\"v\":1,\"category\":\"errors\",\"records\":[{{\"userId\":\"{clear[0]}\"}}]}}";

        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("errors", tenant.Key, Records.Envelope(accepted, suppressed, rejected))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.IngestAsync("census", tenant.Key, Records.Envelope(census))).StatusCode);
        await app.Storage.GetQueueClient(TelemetryCategories.ErrorsQueue).SendMessageAsync(malformed);
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, accepted);
        await app.WaitForPoisonAsync(StorageNames.PoisonQueue(TelemetryCategory.Errors), malformed);

        await app.WaitForLogAsync(line => line.Contains("Queued 1 errors records", StringComparison.Ordinal));
        await app.WaitForLogAsync(line => line.Contains("is malformed", StringComparison.Ordinal));

        var logs = app.Logs.LogText();
        foreach (var value in clear.Append(tenant.Key))
        {
            Assert.DoesNotContain(value, logs, StringComparison.OrdinalIgnoreCase);
        }
    }
}
