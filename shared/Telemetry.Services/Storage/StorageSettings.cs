using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Telemetry.Services.Storage;

/// <summary>
/// Where the queues and tables are and how to reach them, from the Functions host's settings:
/// <c>AzureWebJobsStorage</c> as a connection string (<c>UseDevelopmentStorage=true</c> included), or the identity
/// form <c>AzureWebJobsStorage__queueServiceUri</c>, <c>__tableServiceUri</c> (or <c>__accountName</c> for the
/// public cloud), <c>__credential</c> (managedidentity) and <c>__clientId</c>. Every refusal names the setting.
/// </summary>
internal sealed class StorageSettings
{
    /// <summary>The setting the Functions host and this service read.</summary>
    public const string DefaultName = StorageNames.ConnectionSetting;

    private StorageSettings(string name, string? connectionString, Uri? queueServiceUri, Uri? tableServiceUri, TokenCredential? credential)
    {
        Name = name;
        ConnectionString = connectionString;
        QueueServiceUri = queueServiceUri;
        TableServiceUri = tableServiceUri;
        Credential = credential;
    }

    /// <summary>The setting's name (environment form).</summary>
    public string Name { get; }

    /// <summary>The connection string; null in the identity form.</summary>
    public string? ConnectionString { get; }

    /// <summary>The Queue service in the identity form.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The Table service in the identity form.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The identity in the identity form.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Reads the settings from configuration (environment variables use <c>__</c>, configuration keys <c>:</c>).</summary>
    public static StorageSettings Read(IConfiguration configuration, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Read(setting => configuration[setting.Replace("__", ":", StringComparison.Ordinal)], name);
    }

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming a missing or unusable one.</summary>
    public static StorageSettings Read(Func<string, string?> getSetting, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(getSetting);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var connectionString = getSetting(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageSettings(name, connectionString.Trim(), null, null, null);
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

        return new StorageSettings(
            name, null, ServiceUri(queueSetting, queueUri), ServiceUri(tableSetting, tableUri), CreateCredential(getSetting, name));
    }

    /// <summary>The Queue service client; a connection string the SDK cannot use is refused naming the setting, never echoing it.</summary>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is null
            ? new QueueServiceClient(QueueServiceUri!, Credential!, options)
            : Parse(() => new QueueServiceClient(ConnectionString, options));

    /// <summary>The Table service client.</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        ConnectionString is null
            ? new TableServiceClient(TableServiceUri!, Credential!, options)
            : Parse(() => new TableServiceClient(ConnectionString, options));

    /// <summary>The same settings with another identity (a test's own credential).</summary>
    internal StorageSettings WithCredential(TokenCredential credential) => new(Name, ConnectionString, QueueServiceUri, TableServiceUri, credential);

    internal static TokenCredential CreateCredential(Func<string, string?> getSetting, string name)
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

    private T Parse<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's reason is not repeated: it may quote part of the string, and the string holds a key.
            throw new InvalidOperationException(
                $"The setting '{Name}' is not a usable storage connection string: use UseDevelopmentStorage=true, or AccountName and AccountKey (or SharedAccessSignature) with optional endpoints.");
        }
    }
}
