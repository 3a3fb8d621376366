using System.Text.RegularExpressions;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>A parameter or output declaration with the decorators written above it.</summary>
internal sealed record BicepDeclaration(string File, string Kind, string Name, string Line, string Decorators)
{
    public bool HasDefault => Kind == "param" && Line.Contains('=', StringComparison.Ordinal);

    public bool IsNullable => Kind == "param" && Line.Split('=')[0].TrimEnd().EndsWith('?');
}

/// <summary>
/// Just enough reading of Bicep text for contract checks (there is no Bicep compiler on build machines):
/// top-level declarations with their decorators, bracketed blocks, and module parameter lists.
/// </summary>
internal sealed partial class BicepFile
{
    private BicepFile(string relativePath, string text)
    {
        RelativePath = relativePath;
        Text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        Lines = Text.Split('\n');
    }

    public string RelativePath { get; }

    public string Text { get; }

    public IReadOnlyList<string> Lines { get; }

    public static IReadOnlyList<BicepFile> All { get; } = Directory
        .GetFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(path => Load(Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/')))
        .ToList();

    public static BicepFile Load(string relativePath) => new(relativePath, RepositoryFiles.ReadText(relativePath));

    public IEnumerable<BicepDeclaration> Declarations()
    {
        var decorators = new List<string>();
        var depth = 0;
        foreach (var line in Lines)
        {
            if (depth > 0 || line.StartsWith('@'))
            {
                // A decorator, possibly spanning lines (@allowed([ ... ])).
                decorators.Add(line);
                depth += line.Count(c => c is '(' or '[') - line.Count(c => c is ')' or ']');
                continue;
            }

            var match = DeclarationLine().Match(line);
            if (match.Success)
            {
                yield return new BicepDeclaration(RelativePath, match.Groups[1].Value, match.Groups[2].Value, line, string.Join('\n', decorators));
            }

            if (!line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                decorators.Clear();
            }
        }
    }

    public IEnumerable<BicepDeclaration> Parameters() => Declarations().Where(d => d.Kind == "param");

    public IEnumerable<BicepDeclaration> Outputs() => Declarations().Where(d => d.Kind == "output");

    /// <summary>The text from the line that starts with <paramref name="header"/> to the bracket that closes it.</summary>
    public string Block(string header)
    {
        var start = Text.IndexOf(header, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"{RelativePath} has no '{header}'.");
        }

        var depth = 0;
        var opened = false;
        for (var i = start; i < Text.Length; i++)
        {
            var c = Text[i];
            if (c is '{' or '[')
            {
                depth++;
                opened = true;
            }
            else if (c is '}' or ']')
            {
                depth--;
                if (opened && depth == 0)
                {
                    return Text[start..(i + 1)];
                }
            }
        }

        throw new InvalidDataException($"{RelativePath}: '{header}' is not closed.");
    }

    /// <summary>Every module declaration: symbol, the file it points to, and the names of the parameters it passes.</summary>
    public IEnumerable<(string Symbol, string Path, IReadOnlyList<string> PassedParameters)> Modules()
    {
        foreach (Match match in ModuleLine().Matches(Text))
        {
            var block = Block(match.Value);
            var passed = new List<string>();
            var paramsAt = block.IndexOf("params: {", StringComparison.Ordinal);
            if (paramsAt >= 0)
            {
                var lines = block[paramsAt..].Split('\n');
                var indent = lines.Skip(1).First(l => l.Trim().Length > 0).TakeWhile(c => c == ' ').Count();
                foreach (var line in lines.Skip(1))
                {
                    var lineIndent = line.TakeWhile(c => c == ' ').Count();
                    if (line.Trim() == "}" && lineIndent < indent)
                    {
                        break;
                    }

                    var key = PropertyLine().Match(line);
                    if (lineIndent == indent && key.Success)
                    {
                        passed.Add(key.Groups[1].Value);
                    }
                }
            }

            var target = System.IO.Path.GetDirectoryName(RelativePath)!.Replace('\\', '/') + "/" + match.Groups[2].Value;
            yield return (match.Groups[1].Value, target, passed);
        }
    }

    /// <summary>Strings of the form name: '...' in <paramref name="block"/>, with ${...} interpolations written as *.</summary>
    public static IReadOnlyList<string> NameValues(string block) =>
        NameProperty().Matches(block).Select(m => Interpolation().Replace(m.Groups[1].Value, "*")).ToList();

    [GeneratedRegex(@"^(param|output)\s+([A-Za-z_][A-Za-z0-9_]*)\b")]
    private static partial Regex DeclarationLine();

    [GeneratedRegex(@"^module\s+([A-Za-z_][A-Za-z0-9_]*)\s+'([^']+)'\s*=", RegexOptions.Multiline)]
    private static partial Regex ModuleLine();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:")]
    private static partial Regex PropertyLine();

    [GeneratedRegex(@"\bname:\s*'([^']*)'")]
    private static partial Regex NameProperty();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Interpolation();
}
