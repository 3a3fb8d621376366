using System.Text.RegularExpressions;

namespace Telemetry.Core;

/// <summary>Tenant and pool ids: the one pattern that routes, envelopes, queue messages and stored entities share.</summary>
public static partial class Ids
{
    /// <summary>A letter or digit, then up to 127 letters, digits, dots, underscores or dashes.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    /// <summary>The pattern in words, for error messages.</summary>
    public const string Rule = "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>True when <paramref name="id"/> is a valid tenant or pool id.</summary>
    /// <remarks>In .NET, <c>$</c> also matches before a final newline, which no id may end with.</remarks>
    public static bool IsValid(string? id) => id is not null && !id.EndsWith('\n') && IdPattern().IsMatch(id);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
