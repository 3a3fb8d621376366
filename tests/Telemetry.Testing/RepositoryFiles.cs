using System.Text.Json.Nodes;

namespace Telemetry.Testing;

/// <summary>Files of the repository the tests run from, found by walking up to Serverless.sln.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public static JsonObject ReadJsonObject(string relativePath) =>
        JsonNode.Parse(ReadText(relativePath))?.AsObject()
        ?? throw new InvalidDataException($"{relativePath} does not hold a JSON object.");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Serverless.sln was not found above " + AppContext.BaseDirectory);
    }
}
