using System.Reflection;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Tests.Structure;

/// <summary>Folders are namespaces, and no two of them use each other (data never flows backwards).</summary>
public class NamespaceTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly Services = typeof(StorageResources).Assembly;

    [Fact]
    public void NoTwoFoldersOfTheServicesUseEachOther()
    {
        var uses = Services.GetTypes()
            .SelectMany(type => UsedTypes(type).Select(used => (From: type.Namespace!, To: used.Namespace!)))
            .Where(edge => edge.From != edge.To && edge.To != "Telemetry.Services" && edge.From != "Telemetry.Services")
            .ToHashSet();

        var cycles = uses.Where(edge => Reaches(uses, edge.To, edge.From)).Select(edge => $"{edge.From} -> {edge.To}").Order().ToList();

        Assert.NotEmpty(uses);
        Assert.Empty(cycles);
    }

    [Fact]
    public void StorageUsesNoOtherFolder()
    {
        var storage = Services.GetTypes().Where(type => type.Namespace == typeof(StorageResources).Namespace);

        Assert.All(storage.SelectMany(UsedTypes), used => Assert.Equal(typeof(StorageResources).Namespace, used.Namespace));
    }

    /// <summary>The services' own types that a type's fields, constructors, properties and methods name.</summary>
    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var named = type.GetFields(Everything).Select(f => f.FieldType)
            .Concat(type.GetConstructors(Everything).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetProperties(Everything).Select(p => p.PropertyType))
            .Concat(type.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        return named.SelectMany(Flatten).Where(t => t.Assembly == Services && t.Namespace is not null).Distinct();
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        yield return element;
        if (element.IsGenericType)
        {
            foreach (var argument in element.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }

    private static bool Reaches(HashSet<(string From, string To)> uses, string from, string target)
    {
        var seen = new HashSet<string>();
        var next = new Stack<string>([from]);
        while (next.TryPop(out var current))
        {
            if (current == target)
            {
                return true;
            }

            foreach (var edge in uses.Where(e => e.From == current && seen.Add(e.To)))
            {
                next.Push(edge.To);
            }
        }

        return false;
    }
}
