using Microsoft.Extensions.Options;

namespace Telemetry.Functions.Configuration;

/// <summary>
/// Refuses start-up when a required setting is missing or weak; every message names the setting the
/// way an operator writes it (environment variable form).
/// </summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public const int MinAdminKeyLength = 32;
    public const int MinPseudonymizationKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.AdminKey))
        {
            failures.Add("Telemetry__AdminKey is required.");
        }
        else if (options.AdminKey.Length < MinAdminKeyLength)
        {
            failures.Add($"Telemetry__AdminKey must be at least {MinAdminKeyLength} characters long.");
        }

        ValidatePseudonymization(options.Pseudonymization, failures);

        if (options.PolicyCacheSeconds is < 1 or > 30)
        {
            failures.Add("Telemetry__PolicyCacheSeconds must be between 1 and 30.");
        }

        if (options.TenantPurgeWindowSeconds is < 1 or > 86400)
        {
            failures.Add("Telemetry__TenantPurgeWindowSeconds must be between 1 and 86400.");
        }

        ValidateTuning(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePseudonymization(PseudonymizationOptions options, List<string> failures)
    {
        if (options.Keys.Count == 0)
        {
            failures.Add("Telemetry__Pseudonymization__Keys__<version> is required (at least one Base64 key of 32 bytes or more).");
        }

        foreach (var (version, value) in options.Keys)
        {
            var setting = $"Telemetry__Pseudonymization__Keys__{version}";
            if (PseudonymizationKeys.TryDecode(value) is not { } bytes)
            {
                failures.Add($"{setting} must be Base64.");
            }
            else if (bytes.Length < MinPseudonymizationKeyBytes)
            {
                failures.Add($"{setting} must decode to at least {MinPseudonymizationKeyBytes} bytes.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.CurrentKey))
        {
            failures.Add("Telemetry__Pseudonymization__CurrentKey is required.");
        }
        else if (!options.Keys.ContainsKey(options.CurrentKey))
        {
            failures.Add($"Telemetry__Pseudonymization__CurrentKey names version '{options.CurrentKey}', but Telemetry__Pseudonymization__Keys__{options.CurrentKey} is not set.");
        }
    }

    private static void ValidateTuning(TelemetryOptions options, List<string> failures)
    {
        void Range(int value, int min, int max, string setting)
        {
            if (value < min || value > max)
            {
                failures.Add($"{setting} must be between {min} and {max}.");
            }
        }

        Range(options.RateLimit.RequestsPerMinute, 1, 6_000_000, "Telemetry__RateLimit__RequestsPerMinute");
        Range(options.RateLimit.Burst, 1, 1_000_000, "Telemetry__RateLimit__Burst");
        Range(options.Processing.MaxParallelPartitions, 1, 64, "Telemetry__Processing__MaxParallelPartitions");
    }
}
