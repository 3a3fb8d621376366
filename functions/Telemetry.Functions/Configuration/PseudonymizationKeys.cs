using Telemetry.Core;

namespace Telemetry.Functions.Configuration;

/// <summary>Turns the validated Base64 settings into the domain's <see cref="Pseudonymizer"/>.</summary>
public static class PseudonymizationKeys
{
    public static byte[]? TryDecode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    public static Pseudonymizer CreatePseudonymizer(PseudonymizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Keys.ToDictionary(
            pair => pair.Key,
            pair => TryDecode(pair.Value) ?? throw new InvalidOperationException($"Telemetry__Pseudonymization__Keys__{pair.Key} must be Base64."),
            StringComparer.Ordinal);
        return new Pseudonymizer(keys, options.CurrentKey);
    }
}
