using System.Net.Http.Json;
using System.Text.Json;

namespace Telemetry.Admin.Api;

/// <summary>Sends admin requests with the admin key (never printed) and turns transport failures into exit codes.</summary>
internal sealed class AdminApiClient(HttpClient http) : IDisposable
{
    public const string AdminKeyHeader = "x-admin-key";
    public const string AdminUserHeader = "x-admin-user";
    public const string FunctionKeyHeader = "x-functions-key";

    public Uri BaseAddress => http.BaseAddress!;

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var etag = response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null;
            return new ApiAnswer(response.StatusCode, Parse(text), etag);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unavailable, $"The service at {BaseAddress} could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"The service at {BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => http.Dispose();

    private static JsonElement? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
