using System.Text;

namespace Telemetry.Testing;

/// <summary>Unique, valid queue and table names, so tests sharing one Azurite never see each other's data.</summary>
public static class TestNames
{
    private const int MaxLength = 63;
    private const int SuffixLength = 12;

    /// <summary>Lower-case letters, digits and single hyphens; 3 to 63 characters; starts and ends with a letter or digit.</summary>
    public static string Queue(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var cleaned = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (cleaned.Length > 0 && cleaned[^1] != '-'))
            {
                cleaned.Append(next);
            }
        }

        var head = Fit(cleaned.ToString().Trim('-'), MaxLength - SuffixLength - 1);
        return head.Length == 0 ? Suffix() : $"{head}-{Suffix()}";
    }

    /// <summary>ASCII letters and digits only; 3 to 63 characters; starts with a letter.</summary>
    public static string Table(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var cleaned = new string(prefix.Where(char.IsAsciiLetterOrDigit).ToArray());
        return $"t{Fit(cleaned, MaxLength - SuffixLength - 1)}{Suffix()}";
    }

    /// <summary>A tenant or pool id (the contract: ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$) that no other test uses.</summary>
    public static string Tenant(string prefix) => Queue(prefix);

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd('-');

    private static string Suffix() => Guid.NewGuid().ToString("N")[..SuffixLength];
}
