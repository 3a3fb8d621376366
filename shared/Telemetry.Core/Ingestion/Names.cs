namespace Telemetry.Core;

/// <summary>Helpers for quoting member names (never values) in error messages.</summary>
internal static class Names
{
    private const int MaxQuotedLength = 64;

    /// <summary>A name cut to a readable length, so an error can quote it without echoing a whole payload.</summary>
    public static string Shorten(string name) => name.Length <= MaxQuotedLength ? name : name[..MaxQuotedLength] + "…";
}
