using System.Diagnostics;
using System.Text.Json;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.Browser;

/// <summary>Runs one scenario of the test page in headless Chromium through driver.mjs (playwright-core from node_modules).</summary>
public sealed class BrowserPage : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly Process _driver;
    private readonly Task<string> _error;

    private BrowserPage(Process driver)
    {
        _driver = driver;
        _error = driver.StandardError.ReadToEndAsync();
    }

    /// <summary>Runs <paramref name="scenario"/> and returns its result; with <paramref name="leave"/> the page is closed afterwards and the browser kept until disposal.</summary>
    public static async Task<(JsonElement Result, BrowserPage Page)> RunAsync(Uri page, string scenario, object config, bool leave = false)
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(root, "tests", "Telemetry.Client.Tests", "Browser", "driver.mjs"),
            page.ToString(), scenario, JsonSerializer.Serialize(config, JsonSerializerOptions.Web),
        }.Concat(leave ? ["leave"] : []))
        {
            start.ArgumentList.Add(argument);
        }

        var browser = new BrowserPage(Process.Start(start)!);
        using var deadline = new CancellationTokenSource(Deadline);
        string? line;
        try
        {
            line = await browser._driver.StandardOutput.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            browser.Dispose();
            throw new TimeoutException($"The scenario {scenario} did not finish within {Deadline.TotalMinutes} minutes.");
        }

        if (line is null)
        {
            await browser._driver.WaitForExitAsync();
            var error = await browser._error;
            browser.Dispose();
            throw new InvalidOperationException($"The scenario {scenario} failed in the browser:{Environment.NewLine}{error}");
        }

        using var result = JsonDocument.Parse(line);
        return (result.RootElement.Clone(), browser);
    }

    /// <summary>Closes the browser (stdin closes, the driver ends Chromium) and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            _driver.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (!_driver.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _driver.Kill(entireProcessTree: true);
        }

        _driver.Dispose();
    }
}
