using System.Collections;
using System.Text.RegularExpressions;

namespace Telemetry.LocalHost.Configuration;

/// <summary>
/// The app settings of one run, in Core Tools' order: <c>local.settings.json</c> Values, then the process
/// environment (a Values entry already defined there is skipped), then settings given through the API
/// (a null value removes the setting). Names are matched ignoring case, as .NET configuration does.
/// </summary>
internal sealed partial class AppSettings
{
    private static readonly string[] DisabledPatterns =
    [
        "AzureWebJobs.{0}.Disabled",
        // Linux does not allow dots in variable names: the WebJobs SDK also reads single underscores,
        // and double underscores are .NET configuration's section separator.
        "AzureWebJobs_{0}_Disabled",
        "AzureWebJobs__{0}__Disabled",
    ];

    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, string?> _workerEnvironment;

    private AppSettings(Dictionary<string, string> values, Dictionary<string, string?> workerEnvironment)
    {
        _values = values;
        _workerEnvironment = workerEnvironment;
    }

    /// <summary>Every effective setting, environment included when it is inherited.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>
    /// What to change in the worker's environment on top of the inherited one (or an empty one): a null value
    /// removes a variable.
    /// </summary>
    public IReadOnlyDictionary<string, string?> WorkerEnvironment => _workerEnvironment;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public static AppSettings Build(
        IReadOnlyDictionary<string, string> localValues,
        IDictionary? environment,
        IEnumerable<KeyValuePair<string, string?>> explicitSettings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var workerEnvironment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var inherited = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (environment is not null)
        {
            foreach (DictionaryEntry entry in environment)
            {
                if (entry.Key is string key && entry.Value is string value)
                {
                    inherited[key] = value;
                }
            }
        }

        foreach (var (key, value) in localValues)
        {
            if (key.Length == 0 || (inherited.TryGetValue(key, out var defined) && defined.Length > 0))
            {
                continue;
            }

            values[key] = value;
            workerEnvironment[key] = value;
        }

        foreach (var (key, value) in inherited)
        {
            if (!values.ContainsKey(key))
            {
                values[key] = value;
            }
        }

        foreach (var (key, value) in explicitSettings)
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }

            // A variable the worker would inherit under another spelling of the name goes too.
            foreach (var spelling in inherited.Keys.Where(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && k != key))
            {
                workerEnvironment[spelling] = null;
            }

            workerEnvironment[key] = value;
        }

        return new AppSettings(values, workerEnvironment);
    }

    /// <summary>Sets a setting, for the host and the worker, unless it is defined already.</summary>
    public void SetDefault(string name, string value)
    {
        if (_values.TryAdd(name, value))
        {
            _workerEnvironment[name] = value;
        }
    }

    /// <summary>A value of a setting section, in either spelling: <c>name__key</c> or <c>name:key</c>.</summary>
    public string? Section(string name, string key) => this[$"{name}__{key}"] ?? this[$"{name}:{key}"];

    /// <summary>The standard <c>AzureWebJobs.{name}.Disabled</c> setting (and its Linux spellings): "true" or "1".</summary>
    public bool IsFunctionDisabled(string functionName) =>
        DisabledPatterns.Any(pattern => IsTrue(this[string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, functionName)]));

    /// <summary>Replaces each <c>%Name%</c> with the setting's value, as the host does for binding expressions.</summary>
    /// <exception cref="LocalHostStartException">A referenced setting is not defined.</exception>
    public string Resolve(string expression) => SettingReference().Replace(expression, match =>
    {
        var name = match.Groups["name"].Value;
        return this[name] ?? throw new LocalHostStartException($"'%{name}%' does not resolve to a value: the setting {name} is not defined.");
    });

    private static bool IsTrue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex SettingReference();
}
