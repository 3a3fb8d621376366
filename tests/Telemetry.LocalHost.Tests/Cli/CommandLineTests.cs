using Telemetry.LocalHost.Cli;

namespace Telemetry.LocalHost.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void CoreToolsOptionNamesAreRead()
    {
        var command = CommandLine.Parse(["--script-root", "/app", "--port", "0", "--cors", "http://a,http://b", "--cors-credentials", "--settings-file", "s.json", "--verbose"]);

        Assert.Equal(new CommandLine("/app", 0, "http://a,http://b", true, "s.json", true, false), command);
    }

    [Fact]
    public void WithoutOptionsTheCurrentFolderIsTheScriptRootAndNothingIsOverridden()
    {
        var command = CommandLine.Parse([]);

        Assert.Equal(Directory.GetCurrentDirectory(), command.ScriptRoot);
        Assert.Null(command.Port);
        Assert.Null(command.Cors);
        Assert.Null(command.CorsCredentials);
    }

    [Fact]
    public void ACorsCredentialsFlagMayCarryAnExplicitValue()
    {
        Assert.False(CommandLine.Parse(["--cors-credentials", "false"]).CorsCredentials);
        Assert.Equal(7071, CommandLine.Parse(["--cors-credentials", "-p", "7071"]).Port);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--bogus")]
    [InlineData("--script-root")]
    public void AWrongOptionIsAFormatErrorNamingIt(params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(args));

        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }
}
