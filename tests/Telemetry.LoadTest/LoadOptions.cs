using System.Globalization;
using System.Net;

namespace Telemetry.LoadTest;

/// <summary>Command-line options, each bounded so a run can never turn into an open-ended flood.</summary>
public sealed record LoadOptions(Uri Url, string ApiKey, int Requests, int Concurrency, int RecordsPerRequest, bool Gzip, TimeSpan TimeLimit,
    string? StorageConnectionString = null)
{
    public const string Usage = """
        usage: Telemetry.LoadTest --api-key KEY [--url http://127.0.0.1:7071] [--requests 200] [--concurrency 8]
                                  [--records-per-request 100] [--gzip] [--time-limit-seconds 300]
                                  [--storage-connection-string CS]
          --api-key               an ingestion key of a tenant (or the TELEMETRY_API_KEY environment variable)
          --url                   the service's base address; loopback only (127.0.0.1, ::1, localhost)
          --requests              requests per phase, 1..100000
          --concurrency           requests in flight, 1..64
          --records-per-request   usage records per batch, 1..500
          --gzip                  send bodies with Content-Encoding: gzip
          --time-limit-seconds    the whole run stops after this, 1..3600
          --storage-connection-string  the service's (local) storage: also wait until every accepted
                                  record is stored and report the end-to-end rate
        """;

    public static bool TryParse(string[] args, out LoadOptions options, out string problem)
    {
        options = new LoadOptions(new Uri("http://127.0.0.1:7071"), Environment.GetEnvironmentVariable("TELEMETRY_API_KEY") ?? "",
            Requests: 200, Concurrency: 8, RecordsPerRequest: 100, Gzip: false, TimeLimit: TimeSpan.FromMinutes(5));
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : "";
            switch (name)
            {
                case "--url" when Uri.TryCreate(Next(), UriKind.Absolute, out var url):
                    options = options with { Url = url };
                    break;
                case "--api-key":
                    options = options with { ApiKey = Next() };
                    break;
                case "--requests" when Bounded(Next(), 1, 100_000, out var n):
                    options = options with { Requests = n };
                    break;
                case "--concurrency" when Bounded(Next(), 1, 64, out var n):
                    options = options with { Concurrency = n };
                    break;
                case "--records-per-request" when Bounded(Next(), 1, 500, out var n):
                    options = options with { RecordsPerRequest = n };
                    break;
                case "--time-limit-seconds" when Bounded(Next(), 1, 3600, out var n):
                    options = options with { TimeLimit = TimeSpan.FromSeconds(n) };
                    break;
                case "--storage-connection-string":
                    options = options with { StorageConnectionString = Next() };
                    break;
                case "--gzip":
                    options = options with { Gzip = true };
                    break;
                default:
                    problem = $"'{name}' is unknown or its value is missing or out of range.";
                    return false;
            }
        }

        problem = string.IsNullOrWhiteSpace(options.ApiKey) ? "An ingestion key is required (--api-key or TELEMETRY_API_KEY)."
            : !IsLoopback(options.Url) ? "Only a service on this machine may be loaded (127.0.0.1, ::1 or localhost)."
            : options.Url.Scheme is not ("http" or "https") ? "The URL must be http or https."
            : "";
        return problem.Length == 0;
    }

    private static bool Bounded(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback && (url.Host == "localhost" || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
}
