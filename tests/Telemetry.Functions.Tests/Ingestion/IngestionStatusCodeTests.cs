using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Ingestion;

/// <summary>The contract's status table: each refusal is problem+json with its code.</summary>
public sealed class IngestionStatusCodeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly TelemetryApp app = fixture.App;

    [Fact]
    public async Task MissingApiKeyIsA401()
    {
        var response = await app.IngestAsync("usage", null, Records.Envelope(Records.Usage()));
        await response.AssertProblemAsync(401, "missing_api_key");
    }

    [Fact]
    public async Task UnknownApiKeyIsA401()
    {
        var response = await app.IngestAsync("usage", "not-a-key-anyone-issued-0123456789abcdef", Records.Envelope(Records.Usage()));
        await response.AssertProblemAsync(401, "invalid_api_key");
    }

    [Fact]
    public async Task RevokedApiKeyIsA401()
    {
        var tenant = await app.Tenants.CreateAsync();
        var revoked = await app.Tenants.IssueKeyAsync(tenant.TenantId, revoked: true);

        var response = await app.IngestAsync("usage", revoked, Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(401, "invalid_api_key");
    }

    [Fact]
    public async Task BodyThatIsNotJsonIsA400()
    {
        var tenant = await app.Tenants.CreateAsync();
        var response = await app.IngestRawAsync("census", tenant.Key, TelemetryAppExtensions.JsonBytes("{ not json"u8.ToArray()));
        await response.AssertProblemAsync(400, "invalid_json");
    }

    [Fact]
    public async Task EnvelopeWithAnUnknownSourceIsA400()
    {
        var tenant = await app.Tenants.CreateAsync();
        var response = await app.IngestAsync("census", tenant.Key, Records.Envelope("toaster", null, [Records.Census()]));
        await response.AssertProblemAsync(400, "invalid_source");
    }

    [Fact]
    public async Task MeetingsAppEnvelopeWithoutAPoolIsA400()
    {
        var tenant = await app.Tenants.CreateAsync();
        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope("meetingsApp", null, [Records.Usage()]));
        await response.AssertProblemAsync(400, "missing_pool_id");
    }

    [Fact]
    public async Task RequestWhoseEveryRecordIsInvalidIsA400ListingEachRecord()
    {
        var tenant = await app.Tenants.CreateAsync();
        var cleartext = Records.Census();
        cleartext["userId"] = "amos.marble@contoso.example";
        var unknown = Records.Census();
        unknown["email"] = "amos.marble@contoso.example";

        var response = await app.IngestAsync("census", tenant.Key, Records.Envelope(cleartext, unknown));

        var problem = await response.AssertProblemAsync(400, "no_valid_records");
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([0, 1], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal("cleartext_identifier", errors[0].GetProperty("code").GetString());
        Assert.Equal("unknown_field", errors[1].GetProperty("code").GetString());
        Assert.DoesNotContain("amos.marble@contoso.example", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentTypeOtherThanJsonIsA415()
    {
        var tenant = await app.Tenants.CreateAsync();
        var content = new StringContent(JsonSerializer.Serialize(Records.Envelope(Records.Usage())), Encoding.UTF8, "text/plain");

        var response = await app.IngestRawAsync("usage", tenant.Key, content);

        await response.AssertProblemAsync(415, "unsupported_media_type");
    }

    [Fact]
    public async Task UnknownContentEncodingIsA415()
    {
        var tenant = await app.Tenants.CreateAsync();
        var content = TelemetryAppExtensions.JsonBytes(JsonSerializer.SerializeToUtf8Bytes(Records.Envelope(Records.Usage())));
        content.Headers.ContentEncoding.Add("br");

        var response = await app.IngestRawAsync("usage", tenant.Key, content);

        await response.AssertProblemAsync(415, "unsupported_content_encoding");
    }

    [Fact]
    public async Task BodyOverOneMebibyteIsA413()
    {
        var tenant = await app.Tenants.CreateAsync();
        var body = new byte[IngestionLimits.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');

        var response = await app.IngestRawAsync("usage", tenant.Key, TelemetryAppExtensions.JsonBytes(body));

        await response.AssertProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task ChunkedBodyOverOneMebibyteIsA413WhileReading()
    {
        var tenant = await app.Tenants.CreateAsync();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', IngestionLimits.MaxBodyBytes + 10))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = content };
        request.Headers.Add("x-api-key", tenant.Key);
        request.Headers.TransferEncodingChunked = true;

        var response = await app.Client.SendAsync(request);

        await response.AssertProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task GzipBombIsA413WithoutBeingInflatedWhole()
    {
        var tenant = await app.Tenants.CreateAsync();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        Assert.True(compressed.Length < 256 * 1024, "the bomb is small on the wire");
        var content = TelemetryAppExtensions.JsonBytes(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        var response = await app.IngestRawAsync("usage", tenant.Key, content);

        await response.AssertProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task CorruptGzipIsA400()
    {
        var tenant = await app.Tenants.CreateAsync();
        // A valid gzip header followed by a deflate block of the reserved (invalid) type.
        var content = TelemetryAppExtensions.JsonBytes([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        content.Headers.ContentEncoding.Add("gzip");

        var response = await app.IngestRawAsync("usage", tenant.Key, content);

        await response.AssertProblemAsync(400, "invalid_gzip");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"source\":\"client\",\"records\":{}}")]
    [InlineData("{\"source\":\"client\",\"records\":[]}")]
    [InlineData("{\"source\":\"client\",\"records\":[1,\"x\",null,[]]}")]
    [InlineData("{\"source\":\"client\",\"records\":[{\"id\":\"\\ud800\"}]}")]
    [InlineData("\"\\u0000\"")]
    public async Task MalformedInputIsAnsweredWithA400NeverA500(string body)
    {
        var tenant = await app.Tenants.CreateAsync();

        var response = await app.IngestRawAsync("errors", tenant.Key, TelemetryAppExtensions.JsonBytes(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
