namespace Telemetry.Admin.Output;

/// <summary>Left-aligned columns with a header row, as people read them in a terminal.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => string.IsNullOrEmpty(c) ? "-" : c).ToArray()).ToList();
        var widths = headers.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(headers, widths));
        foreach (var row in all)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    /// <summary>Name/value lines, for one object.</summary>
    public static void WritePairs(TextWriter output, params (string Name, string? Value)[] pairs)
    {
        var width = pairs.Max(p => p.Name.Length);
        foreach (var (name, value) in pairs)
        {
            output.WriteLine($"{name.PadRight(width)}  {(string.IsNullOrEmpty(value) ? "-" : value)}");
        }
    }

    /// <summary>A service timestamp as people read it: UTC to the second.</summary>
    public static string? Time(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : value;

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
