using Azure.Core;
using Azure.Identity;

namespace Telemetry.Storage;

/// <summary>
/// Reads the Functions-style storage settings: <c>{name}</c> as a connection string, or else the identity form
/// <c>{name}__queueServiceUri</c>, <c>__tableServiceUri</c> (or <c>__accountName</c>), <c>__credential</c> (managedidentity) and <c>__clientId</c>.
/// </summary>
internal static class StorageSettings
{
    public static StorageAccount Create(Func<string, string?> getSetting, string name, StorageClientOptions? options)
    {
        var connectionString = getSetting(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return StorageAccount.FromConnectionString(connectionString, options);
        }

        var queueSetting = $"{name}__queueServiceUri";
        var tableSetting = $"{name}__tableServiceUri";
        var queueUri = getSetting(queueSetting);
        var tableUri = getSetting(tableSetting);
        if (string.IsNullOrWhiteSpace(queueUri) && string.IsNullOrWhiteSpace(tableUri))
        {
            // The Functions host's shorthand for an account in the public cloud.
            var accountName = getSetting($"{name}__accountName");
            if (string.IsNullOrWhiteSpace(accountName))
            {
                throw new InvalidOperationException(
                    $"Storage is not configured: set '{name}' to a connection string, or '{queueSetting}' and '{tableSetting}' to use an identity.");
            }

            if (accountName.Length is < 3 or > 24 || !accountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                throw new InvalidOperationException($"The setting '{name}__accountName' must be a storage account name: 3 to 24 lower-case letters and digits.");
            }

            queueUri = $"https://{accountName}.queue.core.windows.net";
            tableUri = $"https://{accountName}.table.core.windows.net";
        }

        return StorageAccount.FromServiceUris(
            ServiceUri(queueSetting, queueUri), ServiceUri(tableSetting, tableUri), Credential(getSetting, name), options);
    }

    private static Uri ServiceUri(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The setting '{setting}' is missing.");
        }

        // Bearer tokens travel over HTTPS only.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new InvalidOperationException($"The setting '{setting}' must be an absolute https URL.");
    }

    internal static TokenCredential Credential(Func<string, string?> getSetting, string name)
    {
        var credential = getSetting($"{name}__credential");
        var clientId = getSetting($"{name}__clientId");
        if (string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        if (!string.IsNullOrWhiteSpace(credential))
        {
            throw new InvalidOperationException($"The setting '{name}__credential' must be 'managedidentity' or absent.");
        }

        // No credential named: whatever identity the environment offers (developer sign-in, workload or managed identity).
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId,
        });
    }
}
