using System.CommandLine;
using System.Text.Json;
using Telemetry.Admin.Api;

namespace Telemetry.Admin;

/// <summary>What a command runs with: the API client, where to write, and whether to write JSON.</summary>
internal sealed class CliContext(AdminApiClient api, TextWriter output, bool json) : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public AdminApiClient Api { get; } = api;

    public TextWriter Out { get; } = output;

    public bool Json { get; } = json;

    /// <summary>Builds the context from the options and the environment; a missing URL or key is a usage error.</summary>
    public static CliContext Create(ParseResult parse, Func<string, string?> environment, HttpMessageHandler? handler)
    {
        var url = parse.GetValue(GlobalOptions.Url) ?? environment(GlobalOptions.UrlVariable);
        var adminKey = parse.GetValue(GlobalOptions.AdminKey) ?? environment(GlobalOptions.AdminKeyVariable);
        var adminUser = parse.GetValue(GlobalOptions.AdminUser) ?? environment(GlobalOptions.AdminUserVariable);
        var functionKey = parse.GetValue(GlobalOptions.FunctionKey) ?? environment(GlobalOptions.FunctionKeyVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new CliException(ExitCodes.Usage, $"No service URL: pass --url or set {GlobalOptions.UrlVariable}.");
        }

        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUri) || (baseUri.Scheme != "http" && baseUri.Scheme != "https"))
        {
            throw new CliException(ExitCodes.Usage, $"The service URL must be an absolute http or https address, not '{url}'.");
        }

        if (string.IsNullOrWhiteSpace(adminKey))
        {
            throw new CliException(ExitCodes.Usage, $"No admin key: pass --admin-key or set {GlobalOptions.AdminKeyVariable}.");
        }

        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseUri;
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.TryAddWithoutValidation(AdminApiClient.AdminKeyHeader, adminKey);
        if (!string.IsNullOrWhiteSpace(adminUser))
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(AdminApiClient.AdminUserHeader, adminUser);
        }

        if (!string.IsNullOrWhiteSpace(functionKey))
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(AdminApiClient.FunctionKeyHeader, functionKey);
        }

        return new CliContext(new AdminApiClient(http), parse.InvocationConfiguration.Output, parse.GetValue(GlobalOptions.Json));
    }

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    public void Dispose() => Api.Dispose();

    /// <summary>Writes <paramref name="message"/> for people, or <paramref name="json"/> for scripts.</summary>
    public void Report(object json, Action people)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            people();
        }
    }
}
