using System.Text.Json.Nodes;
using Telemetry.Infra.Tests.Support;

namespace Telemetry.Infra.Tests.Template;

/// <summary>The template's parameters and infra/main.parameters.json, as the deployment reads them.</summary>
public sealed class ParametersTests
{
    private static JsonObject Declared => Bicep.Main.Template["parameters"]!.AsObject();

    [Fact]
    public void TheParametersFileSetsOnlyDeclaredParametersThatAreNotSecret()
    {
        var file = TestDeployment.ParametersFile();

        Assert.NotEmpty(file);
        Assert.All(file, p =>
        {
            Assert.True(Declared.ContainsKey(p.Key), $"main.parameters.json sets {p.Key}, which main.bicep does not declare.");
            Assert.DoesNotContain("secure", (string?)Declared[p.Key]!["type"] ?? "", StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void TheParametersFileDeploysOnceTheSecretsAreGiven()
    {
        // The deployment checks every value against its declaration (type, range, allowed values, length).
        var deployment = TestDeployment.Expand(TestDeployment.Parameters());

        Assert.NotEmpty(deployment.Resources);
    }

    [Fact]
    public void OnlyTheSecretsAreMissingFromTheParametersFile()
    {
        var file = TestDeployment.ParametersFile();
        var required = Declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue") && (bool?)p.Value!["nullable"] != true).Select(p => p.Key);

        Assert.Equal(["adminKey", "pseudonymizationKeys"], required.Except(file.Select(p => p.Key)).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string> InvalidValues => new()
    {
        { "instanceMemoryMB", "1024" },
        { "policyCacheSeconds", "31" },
        { "adminKey", "\"too-short\"" },
        { "environmentName", "\"\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void AValueOutsideItsDeclarationIsRefusedBeforeAnythingIsDeployed(string parameter, string json)
    {
        var parameters = TestDeployment.Parameters();
        parameters[parameter] = JsonNode.Parse(json);

        var refused = Assert.Throws<ArgumentException>(() => TestDeployment.Expand(parameters));

        Assert.Contains($"'{parameter}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryParameterAndOutputOfEveryTemplateSaysWhetherItIsRequiredOrOptional()
    {
        var declarations = Templates(Bicep.Main.Template)
            .SelectMany(t => new[] { t.Template["parameters"], t.Template["outputs"] }.SelectMany(d => (d?.AsObject() ?? []).Select(p => (t.Name, p.Key, p.Value!))))
            .ToList();

        Assert.NotEmpty(declarations);
        Assert.All(declarations, d => Assert.True(
            Description(d.Item3).StartsWith("Required. ", StringComparison.Ordinal) || Description(d.Item3).StartsWith("Optional. ", StringComparison.Ordinal),
            $"{d.Name}: {d.Key} needs a description starting 'Required. ' or 'Optional. '."));
    }

    [Fact]
    public void OptionalParametersHaveADefaultAndRequiredOnesDoNot()
    {
        foreach (var (template, parameters) in Templates(Bicep.Main.Template).Select(t => (t.Name, t.Template["parameters"]?.AsObject() ?? [])))
        {
            foreach (var (name, declaration) in parameters)
            {
                var optional = declaration!.AsObject().ContainsKey("defaultValue") || (bool?)declaration["nullable"] == true;
                Assert.True(
                    optional == Description(declaration).StartsWith("Optional. ", StringComparison.Ordinal),
                    $"{template}: parameter {name} is {(optional ? "optional but described as Required" : "required but described as Optional")}.");
            }
        }
    }

    private static string Description(JsonNode declaration) => (string?)declaration["metadata"]?["description"] ?? "";

    private static IEnumerable<(string Name, JsonObject Template)> Templates(JsonObject template, string name = "main")
    {
        yield return (name, template);
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject byName => byName.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var module in resources.Where(r => (string?)r["type"] == "Microsoft.Resources/deployments"))
        {
            foreach (var nested in Templates(module["properties"]!["template"]!.AsObject(), $"{name}/{(string?)module["name"]}"))
            {
                yield return nested;
            }
        }
    }
}
