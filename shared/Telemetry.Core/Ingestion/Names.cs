namespace Telemetry.Core;

/// <summary>Quoting member names (never values) in error messages.</summary>
internal static class Names
{
    private const int MaxQuotedLength = 64;

    /// <summary>A name cut to a readable length without splitting a surrogate pair.</summary>
    public static string Shorten(string name)
    {
        if (name.Length <= MaxQuotedLength)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength;
        return name[..cut] + "…";
    }
}
