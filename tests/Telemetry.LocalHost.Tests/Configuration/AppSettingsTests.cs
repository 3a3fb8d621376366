using System.Collections;
using Telemetry.LocalHost.Configuration;

namespace Telemetry.LocalHost.Tests.Configuration;

public sealed class AppSettingsTests
{
    private static readonly Dictionary<string, string> Local = new()
    {
        ["FromFile"] = "file",
        ["InBoth"] = "file",
        ["EmptyInEnvironment"] = "file",
        ["Explicit"] = "file",
    };

    private static readonly Hashtable Environment = new()
    {
        ["InBoth"] = "environment",
        ["EmptyInEnvironment"] = string.Empty,
        ["Explicit"] = "environment",
        ["OnlyInEnvironment"] = "environment",
    };

    [Fact]
    public void TheEnvironmentWinsOverLocalSettingsAndExplicitSettingsWinOverBoth()
    {
        var settings = AppSettings.Build(Local, Environment, [new("Explicit", "explicit")]);

        Assert.Equal("file", settings["FromFile"]);
        Assert.Equal("environment", settings["InBoth"]);
        Assert.Equal("environment", settings["OnlyInEnvironment"]);
        Assert.Equal("explicit", settings["Explicit"]);
    }

    [Fact]
    public void ALocalValueIsSkippedOnlyWhenTheEnvironmentDefinesTheNameWithAValue()
    {
        var settings = AppSettings.Build(Local, Environment, []);

        // As Core Tools: an empty variable does not hide the file's value.
        Assert.Equal("file", settings["EmptyInEnvironment"]);
        Assert.Equal("file", settings.WorkerEnvironment["EmptyInEnvironment"]);
        Assert.False(settings.WorkerEnvironment.ContainsKey("InBoth"));
    }

    [Fact]
    public void ANullExplicitValueRemovesTheSettingForTheHostAndTheWorker()
    {
        var settings = AppSettings.Build(Local, Environment, [new("InBoth", null), new("FromFile", null)]);

        Assert.Null(settings["InBoth"]);
        Assert.Null(settings["FromFile"]);
        Assert.True(settings.WorkerEnvironment.ContainsKey("InBoth"));
        Assert.Null(settings.WorkerEnvironment["InBoth"]);
    }

    [Fact]
    public void NamesMatchIgnoringCase()
    {
        var settings = AppSettings.Build(new Dictionary<string, string> { ["AzureWebJobsStorage"] = "x" }, null, []);

        Assert.Equal("x", settings["azurewebjobsstorage"]);
    }

    [Theory]
    [InlineData("AzureWebJobs.Record.Disabled", "true", true)]
    [InlineData("AzureWebJobs.Record.Disabled", "TRUE", true)]
    [InlineData("AzureWebJobs.Record.Disabled", "1", true)]
    [InlineData("AzureWebJobs__Record__Disabled", "true", true)]
    [InlineData("AzureWebJobs_Record_Disabled", "1", true)]
    [InlineData("AzureWebJobs.Record.Disabled", "false", false)]
    [InlineData("AzureWebJobs.Record.Disabled", "yes", false)]
    [InlineData("AzureWebJobs.Other.Disabled", "true", false)]
    public void AFunctionIsDisabledByItsSettingSetToTrueOrOne(string name, string value, bool disabled)
    {
        var settings = AppSettings.Build(new Dictionary<string, string> { [name] = value }, null, []);

        Assert.Equal(disabled, settings.IsFunctionDisabled("Record"));
    }

    [Fact]
    public void PercentReferencesResolveToSettings()
    {
        var settings = AppSettings.Build(new Dictionary<string, string> { ["Queue"] = "telemetry", ["Kind"] = "census" }, null, []);

        Assert.Equal("telemetry-census", settings.Resolve("%Queue%-%Kind%"));
        Assert.Equal("plain", settings.Resolve("plain"));
    }

    [Fact]
    public void AReferenceToAMissingSettingIsRefusedNamingIt()
    {
        var settings = AppSettings.Build(new Dictionary<string, string>(), null, []);

        var error = Assert.Throws<LocalHostStartException>(() => settings.Resolve("%MissingQueue%"));

        Assert.Contains("MissingQueue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionValuesAreFoundInEitherSpelling()
    {
        var settings = AppSettings.Build(
            new Dictionary<string, string> { ["Storage__queueServiceUri"] = "a", ["Other:queueServiceUri"] = "b" }, null, []);

        Assert.Equal("a", settings.Section("Storage", "queueServiceUri"));
        Assert.Equal("b", settings.Section("Other", "queueServiceUri"));
    }
}
