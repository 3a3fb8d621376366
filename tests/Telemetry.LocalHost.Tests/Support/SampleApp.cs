using System.Reflection;

namespace Telemetry.LocalHost.Tests.Support;

/// <summary>The sample isolated-worker app's build output, which the test project builds first.</summary>
internal static class SampleApp
{
    public static string Directory { get; } = Path.GetFullPath(
        typeof(SampleApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleAppDirectory").Value!);

    /// <summary>The local host's console tool, copied next to the tests.</summary>
    public static string HostAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "Telemetry.LocalHost.dll");
}
