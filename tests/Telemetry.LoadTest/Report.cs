using System.Globalization;

namespace Telemetry.LoadTest;

/// <summary>Prints both phases side by side, and ingestion as a ratio of the baseline.</summary>
public static class Report
{
    public static void Print(TextWriter output, LoadOptions options, PhaseResult baseline, PhaseResult ingestion, DrainResult? drain)
    {
        output.WriteLine(Invariant($"{options.Requests} requests per phase, {options.Concurrency} in flight, {options.RecordsPerRequest} usage records per batch{(options.Gzip ? ", gzip" : "")}, against {options.Url}"));
        output.WriteLine();
        output.WriteLine("| phase | requests/s | events/s | p50 ms | p95 ms | p99 ms | statuses |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        Row(output, "GET /api/health (baseline)", baseline);
        Row(output, "POST /api/v1/usage", ingestion);
        output.WriteLine();
        output.WriteLine(Invariant(
            $"ratios (usage / health): p50 {Ratio(P(ingestion, 50), P(baseline, 50))}, p95 {Ratio(P(ingestion, 95), P(baseline, 95))}, p99 {Ratio(P(ingestion, 99), P(baseline, 99))}, requests/s {Ratio(Rate(ingestion), Rate(baseline))}"));
        if (drain is not null)
        {
            output.WriteLine(Invariant(
                $"stored: {drain.Stored} of {drain.Expected} accepted records, {drain.AfterLastRequest.TotalSeconds:F1} s after the last request; end to end {drain.Expected / drain.FromFirstRequest.TotalSeconds:F0} events/s"));
        }

        if (ingestion.Failed > 0 || baseline.Failed > 0)
        {
            output.WriteLine(Invariant($"unexpected answers or transport failures: health {baseline.Failed}, usage {ingestion.Failed}"));
        }
    }

    private static void Row(TextWriter output, string name, PhaseResult result) =>
        output.WriteLine(Invariant(
            $"| {name} | {Rate(result):F0} | {(result.Phase == Phase.Usage ? (result.AcceptedRecords / result.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture) : "-")} | {P(result, 50):F1} | {P(result, 95):F1} | {P(result, 99):F1} | {string.Join(", ", result.Statuses.Select(s => $"{s.Key}×{s.Value}"))} |"));

    private static double Rate(PhaseResult result) => result.Completed / result.Elapsed.TotalSeconds;

    /// <summary>Nearest-rank percentile of the measured latencies.</summary>
    public static double P(PhaseResult result, int percentile)
    {
        if (result.LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = result.LatenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 && !double.IsNaN(value) ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
