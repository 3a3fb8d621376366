namespace Telemetry.Testing.Service;

/// <summary>The repository the tests were built from: the first folder above the test binaries that holds scripts/run.sh.</summary>
public static class RepositoryRoot
{
    public static string Find(string? startDirectory = null)
    {
        startDirectory ??= AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "run.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No scripts/run.sh was found in any folder above {startDirectory}.");
    }
}
