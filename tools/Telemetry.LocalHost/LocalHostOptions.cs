using System.Net;
using Microsoft.Extensions.Logging;

namespace Telemetry.LocalHost;

/// <summary>How <see cref="LocalFunctionsHost"/> runs a function app.</summary>
public sealed class LocalHostOptions
{
    /// <summary>The default HTTP port, as <c>func start</c>'s.</summary>
    public const int DefaultPort = 7071;

    /// <summary>
    /// The function app's build output folder: <c>host.json</c>, <c>worker.config.json</c> and the app's assembly.
    /// </summary>
    public required string ScriptRoot { get; init; }

    /// <summary>The address the HTTP front end listens on; loopback by default.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The HTTP port: 0 picks a free one (see <see cref="LocalFunctionsHost.BaseAddress"/>); null takes
    /// <c>Host.LocalHttpPort</c> from local.settings.json, else <see cref="DefaultPort"/>.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>Whether to read <c>local.settings.json</c>; true by default.</summary>
    public bool ReadLocalSettings { get; init; } = true;

    /// <summary>
    /// The settings file to read; by default <c>local.settings.json</c> in <see cref="ScriptRoot"/>, where it may be
    /// missing. A file named here must exist.
    /// </summary>
    public string? LocalSettingsPath { get; init; }

    /// <summary>
    /// Whether the worker inherits this process's environment, whose variables also win over local.settings.json
    /// Values (as with Core Tools); true by default. When false, the worker gets only the variables a process needs
    /// to run (PATH, HOME, DOTNET_*, temp folders) plus the app settings.
    /// </summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>App settings that win over the environment and local.settings.json; a null value removes a setting.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Allowed CORS origins, comma-separated, or <c>*</c>; overrides local.settings.json <c>Host.CORS</c>.
    /// An empty string turns CORS off.
    /// </summary>
    public string? CorsOrigins { get; init; }

    /// <summary>Whether cross-origin requests may carry credentials; overrides <c>Host.CORSCredentials</c>.</summary>
    public bool? CorsCredentials { get; init; }

    /// <summary>The least level of the worker's own log categories that is logged; Information by default.</summary>
    public LogLevel WorkerLogLevel { get; init; } = LogLevel.Information;

    /// <summary>
    /// The least level of the worker's framework log categories (<c>Microsoft.*</c>, <c>System.*</c>, <c>Azure.*</c>,
    /// <c>Grpc.*</c>) that is logged; Warning by default, which keeps ASP.NET Core's per-request lines out.
    /// </summary>
    public LogLevel WorkerFrameworkLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long a stop waits for requests, queue messages and the worker to finish; 10 s by default.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a request waits for a worker that is starting or restarting before a 503; 30 s by default.</summary>
    public TimeSpan WorkerReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a queue message stays hidden while its function runs; renewed at half time. The host's is 10 minutes.</summary>
    internal TimeSpan QueueMessageLease { get; init; } = TimeSpan.FromMinutes(10);
}
