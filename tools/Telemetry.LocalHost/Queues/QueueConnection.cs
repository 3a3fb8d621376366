using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Telemetry.LocalHost.Configuration;

namespace Telemetry.LocalHost.Queues;

/// <summary>
/// A storage connection named by a binding's <c>connection</c> (default <c>AzureWebJobsStorage</c>), resolved as the
/// Functions host does: a connection string in the setting itself (or in <c>AzureWebJobs{name}</c>), else the
/// identity form <c>{name}__queueServiceUri</c> (or <c>__serviceUri</c>, or <c>__accountName</c>) with
/// <c>__credential</c> = <c>managedidentity</c> and an optional <c>__clientId</c>; any other credential setting
/// uses <see cref="DefaultAzureCredential"/>.
/// </summary>
internal sealed class QueueConnection
{
    private readonly string? _connectionString;
    private readonly Uri? _serviceUri;
    private readonly TokenCredential? _credential;

    private QueueConnection(string name, string? connectionString, Uri? serviceUri, TokenCredential? credential)
    {
        Name = name;
        _connectionString = connectionString;
        _serviceUri = serviceUri;
        _credential = credential;
    }

    public string Name { get; }

    /// <summary>The queue service endpoint (for a connection string, as the SDK reads it).</summary>
    public Uri ServiceUri => _serviceUri ?? new QueueServiceClient(_connectionString).Uri;

    /// <summary>The credential of the identity form; null for a connection string.</summary>
    public TokenCredential? Credential => _credential;

    /// <exception cref="LocalHostStartException">The connection is not defined in either form.</exception>
    public static QueueConnection Resolve(string name, AppSettings settings)
    {
        if ((settings[name] ?? settings[$"AzureWebJobs{name}"]) is { Length: > 0 } connectionString)
        {
            return new QueueConnection(name, connectionString, null, null);
        }

        var serviceUri = settings.Section(name, "queueServiceUri") ?? settings.Section(name, "serviceUri");
        if (serviceUri is null && settings.Section(name, "accountName") is { Length: > 0 } account)
        {
            serviceUri = $"https://{account}.queue.core.windows.net";
        }

        if (serviceUri is null)
        {
            throw new LocalHostStartException(
                $"The storage connection '{name}' is not defined: set {name} to a connection string (UseDevelopmentStorage=true for Azurite), or {name}__queueServiceUri for an identity.");
        }

        if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri))
        {
            throw new LocalHostStartException($"{name}__queueServiceUri is not an absolute URI ({serviceUri}).");
        }

        var clientId = settings.Section(name, "clientId");
        TokenCredential credential = string.Equals(settings.Section(name, "credential"), "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new QueueConnection(name, null, uri, credential);
    }

    public QueueServiceClient CreateClient(QueueClientOptions options) =>
        _connectionString is not null
            ? new QueueServiceClient(_connectionString, options)
            : new QueueServiceClient(_serviceUri, _credential, options);
}
