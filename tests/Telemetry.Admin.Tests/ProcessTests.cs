using System.Diagnostics;

namespace Telemetry.Admin.Tests;

/// <summary>The built tool as a shell runs it: options and environment from the process, the exit code to the shell.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task WithoutAServiceUrlTheToolSaysWhichSettingIsMissingAndExitsWithTheUsageCode()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telemetry-admin.dll"));
        foreach (var argument in new[] { "tenant", "show", "contoso", "--admin-key", "some-key" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("TELEMETRY_URL");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("TELEMETRY_URL", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("some-key", await error + await output, StringComparison.Ordinal);
    }
}
