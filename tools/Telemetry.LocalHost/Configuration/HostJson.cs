using System.Globalization;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Telemetry.LocalHost.Configuration;

/// <summary>
/// What the local host reads from the app's <c>host.json</c>. As in the Functions host, an app setting named
/// <c>AzureFunctionsJobHost__path__to__key</c> overrides the value at <c>path.to.key</c>.
/// </summary>
internal sealed record HostJson(string RoutePrefix, TimeSpan? FunctionTimeout, QueuesOptions Queues)
{
    public const string FileName = "host.json";
    public const string DefaultRoutePrefix = "api";
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromMinutes(30);
    private const string OverridePrefix = "AzureFunctionsJobHost";

    public static HostJson Read(string scriptRoot, AppSettings settings)
    {
        var path = Path.Combine(scriptRoot, FileName);
        if (!File.Exists(path))
        {
            throw new LocalHostStartException($"{path} does not exist: the script root must be the function app's build output.");
        }

        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new LocalHostStartException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        var version = file["version"];
        if (version != "2.0")
        {
            throw new LocalHostStartException($"{path} must say \"version\": \"2.0\" (found {version ?? "no version"}).");
        }

        var overrides = settings.Values
            .Where(s => s.Key.StartsWith(OverridePrefix + "__", StringComparison.OrdinalIgnoreCase) ||
                        s.Key.StartsWith(OverridePrefix + ":", StringComparison.OrdinalIgnoreCase))
            .Select(s => KeyValuePair.Create(s.Key[(OverridePrefix.Length + (s.Key[OverridePrefix.Length] == ':' ? 1 : 2))..].Replace("__", ":", StringComparison.Ordinal), (string?)s.Value));
        var config = new ConfigurationBuilder().AddConfiguration(file).AddInMemoryCollection(overrides).Build();

        // The worker reads the route prefix from the file itself to map its own routes, so the host must too.
        var routePrefix = (file["extensions:http:routePrefix"] ?? DefaultRoutePrefix).Trim('/');
        return new HostJson(routePrefix, ReadFunctionTimeout(config), ReadQueues(config.GetSection("extensions:queues")));
    }

    private static TimeSpan? ReadFunctionTimeout(IConfiguration config)
    {
        var text = config["functionTimeout"];
        if (text is null)
        {
            return DefaultFunctionTimeout;
        }

        var timeout = ParseTimeSpan(text, "functionTimeout");
        if (timeout == TimeSpan.FromDays(-1))
        {
            return null;
        }

        return timeout >= TimeSpan.FromSeconds(1)
            ? timeout
            : throw new LocalHostStartException($"host.json functionTimeout must be at least 00:00:01, or -1 for no limit (found {text}).");
    }

    private static QueuesOptions ReadQueues(IConfigurationSection section)
    {
        var defaults = new QueuesOptions();
        var batchSize = ReadInt(section, "batchSize", defaults.BatchSize, 1, QueuesOptions.MaxBatchSize);
        var encodingText = section["messageEncoding"];
        var encoding = encodingText is null || encodingText.Equals("base64", StringComparison.OrdinalIgnoreCase)
            ? QueueMessageEncoding.Base64
            : encodingText.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? QueueMessageEncoding.None
                : throw new LocalHostStartException($"host.json extensions.queues.messageEncoding must be base64 or none (found {encodingText}).");

        var maxPolling = section["maxPollingInterval"] is { } polling
            ? ParseTimeSpan(polling, "extensions.queues.maxPollingInterval")
            : defaults.MaxPollingInterval;
        if (maxPolling < QueuesOptions.MinPollingInterval)
        {
            throw new LocalHostStartException($"host.json extensions.queues.maxPollingInterval must not be less than {QueuesOptions.MinPollingInterval}.");
        }

        return new QueuesOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = ReadInt(section, "newBatchThreshold", batchSize / 2 * Environment.ProcessorCount, 0, int.MaxValue),
            VisibilityTimeout = section["visibilityTimeout"] is { } visibility
                ? ParseTimeSpan(visibility, "extensions.queues.visibilityTimeout")
                : defaults.VisibilityTimeout,
            MaxDequeueCount = ReadInt(section, "maxDequeueCount", defaults.MaxDequeueCount, 1, int.MaxValue),
            MaxPollingInterval = maxPolling,
            MessageEncoding = encoding,
        };
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new LocalHostStartException($"host.json extensions.queues.{key} must be a whole number from {min} to {max} (found {text}).");
    }

    private static TimeSpan ParseTimeSpan(string text, string name) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new LocalHostStartException($"host.json {name} must be a time span such as 00:00:30 (found {text}).");
}
