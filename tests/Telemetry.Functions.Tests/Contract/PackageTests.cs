using System.IO.Compression;
using System.Security.Cryptography;
using Xunit.Abstractions;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>What scripts/package.sh produces: the app root the host expects, zipped with the run bit kept.</summary>
[Collection(PackagedHandlerCollection.Name)]
public sealed class PackageTests(PackagedHandlerFixture fixture, ITestOutputHelper output)
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixRegularFile = 0x8000;

    [Fact]
    public void The_zip_holds_the_executable_as_a_regular_file_with_mode_755()
    {
        using var zip = ZipFile.OpenRead(fixture.Package.ZipPath);

        var executable = zip.GetEntry(HostJson.ExecutablePath);

        Assert.NotNull(executable);
        var mode = (executable.ExternalAttributes >> 16) & 0xFFFF;
        Assert.Equal(UnixRegularFile, mode & UnixFileTypeMask);
        Assert.Equal("755", Convert.ToString(mode & 0x1FF, 8));
        output.WriteLine($"package: {new FileInfo(fixture.Package.ZipPath).Length / 1024 / 1024} MiB, built in {fixture.Package.PackagingTime.TotalSeconds:F0} s");
    }

    [Fact]
    public void The_zip_holds_exactly_the_assembled_app_root()
    {
        using var zip = ZipFile.OpenRead(fixture.Package.ZipPath);
        var zipped = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).Order(StringComparer.Ordinal);
        var assembled = Directory.GetFiles(fixture.Package.AppRoot, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(fixture.Package.AppRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(assembled, zipped);
    }

    [Fact]
    public void Every_zipped_file_reads_back_byte_for_byte_as_assembled()
    {
        using var zip = ZipFile.OpenRead(fixture.Package.ZipPath);

        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            using var zipped = entry.Open();
            using var assembled = File.OpenRead(Path.Combine(fixture.Package.AppRoot, entry.FullName));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(assembled)), Convert.ToHexString(SHA256.HashData(zipped)));
        }
    }
}
