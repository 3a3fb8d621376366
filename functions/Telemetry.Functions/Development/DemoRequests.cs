using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Development;

/// <summary>Ready-to-paste curl commands with valid sample records and current timestamps, one per category.</summary>
public static class DemoRequests
{
    public static string Render(Uri baseAddress, string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        Append(text, baseAddress, key, "census", new
        {
            source = "client",
            records = new[]
            {
                new
                {
                    id = Guid.NewGuid(), timestamp, appName = "iPhoneSkype", deviceModel = "iPhone", osName = "iPhoneiOS", osVersion = "8.3",
                    userLanguage = "EN-US", userId = "E296D735-4F36-4E18-7C3B-52E1A02A0164", deviceId = Guid.NewGuid(), signInAttempts = 3, signInFailures = 0,
                },
            },
        });
        Append(text, baseAddress, key, "usage", new
        {
            source = "client",
            records = new[]
            {
                new
                {
                    id = Guid.NewGuid(), timestamp, appName = "Teams", imSent = 12, imReceived = 5, meetingJoinAttempts = 5, meetingJoinSuccesses = 4,
                    callMinutes = 30, federationPartner = "Microsoft.com",
                },
            },
        });
        Append(text, baseAddress, key, "errors", new
        {
            source = "client",
            records = new[]
            {
                new
                {
                    id = Guid.NewGuid(), timestamp, appName = "Teams", errorCode = "0x80004005", userOptIn = true, platform = "windows",
                    messageDirection = "Incoming", conversationState = "Idle", conversationThreadId = "AdDO8hsJqilU93hQHC3OZaPR2saEA==",
                    userId = "amosmarble", sipUri = "sip:amos.marble@demo.local", ipAddress = "192.0.2.10",
                },
            },
        });
        text.Append(CultureInfo.InvariantCulture, $"curl -s '{new Uri(baseAddress, "api/v1/policy?source=meetingsApp&poolId=" + DemoTenant.PoolId)}' -H 'x-api-key: {key}'\n");
        return text.ToString();
    }

    private static void Append(StringBuilder text, Uri baseAddress, string key, string category, object body)
    {
        var json = JsonSerializer.Serialize(body);
        text.Append(CultureInfo.InvariantCulture, $"curl -s -X POST '{new Uri(baseAddress, "api/v1/" + category)}' -H 'x-api-key: {key}' -H 'Content-Type: application/json' -d '{json}'\n\n");
    }
}
