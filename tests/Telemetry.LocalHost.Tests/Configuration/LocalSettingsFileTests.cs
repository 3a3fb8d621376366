using Telemetry.LocalHost.Configuration;

namespace Telemetry.LocalHost.Tests.Configuration;

public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("localhost-settings-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void ValuesHostAndConnectionStringsAreRead()
    {
        var settings = Read("""
            {
              "IsEncrypted": false,
              "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "BatchLimit": 500, "Flag": true, "Nothing": null },
              "Host": { "LocalHttpPort": 7080, "CORS": "*", "CORSCredentials": false },
              "ConnectionStrings": { "Sql": "Server=.;" }
            }
            """);

        Assert.Equal("dotnet-isolated", settings.Values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("500", settings.Values["BatchLimit"]);
        Assert.Equal("true", settings.Values["Flag"]);
        Assert.False(settings.Values.ContainsKey("Nothing"));
        Assert.Equal("Server=.;", settings.Values["ConnectionStrings:Sql"]);
        Assert.Equal(7080, settings.LocalHttpPort);
        Assert.Equal("*", settings.Cors);
        Assert.False(settings.CorsCredentials);
    }

    [Fact]
    public void AnEncryptedFileIsRefused()
    {
        var error = Assert.Throws<LocalHostStartException>(() => Read("""{ "IsEncrypted": true, "Values": { "A": "b" } }"""));

        Assert.Contains("IsEncrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsEmptyUnlessItWasNamed()
    {
        var path = Path.Combine(_root.FullName, "absent.json");

        Assert.Empty(LocalSettingsFile.Read(path, required: false).Values);
        Assert.Throws<LocalHostStartException>(() => LocalSettingsFile.Read(path, required: true));
    }

    [Fact]
    public void InvalidJsonIsRefusedNamingTheFile()
    {
        var error = Assert.Throws<LocalHostStartException>(() => Read("""{ "Values": { """));

        Assert.Contains(LocalSettingsFile.FileName, error.Message, StringComparison.Ordinal);
    }

    private LocalSettingsFile Read(string json)
    {
        var path = Path.Combine(_root.FullName, LocalSettingsFile.FileName);
        File.WriteAllText(path, json);
        return LocalSettingsFile.Read(path, required: true);
    }
}
