using System.Globalization;
using System.Text.RegularExpressions;

namespace Telemetry.Core;

/// <summary>Strict RFC 3339 date-times: a full date, a time, and an explicit offset (Z or ±hh:mm).</summary>
internal static partial class Rfc3339
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }

        // RFC 3339 allows lower-case separators; .NET's parser wants upper case.
        var normalized = text[10] == 't' || text[^1] == 'z' ? text.ToUpperInvariant() : text;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
