using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Infra.Tests.Arm;

/// <summary>Where a template is deployed: the subscription, and the resource group for resource-group templates.</summary>
internal sealed record DeploymentScope(string SubscriptionId, string TenantId, string Location, string? ResourceGroup = null)
{
    public string SubscriptionResourceId => $"/subscriptions/{SubscriptionId}";

    public string Id => ResourceGroup is null ? SubscriptionResourceId : $"{SubscriptionResourceId}/resourceGroups/{ResourceGroup}";
}

/// <summary>One resource that a deployment creates or updates, its definition evaluated.</summary>
internal sealed record DeployedResource(string Type, string Name, string Id, JsonObject Definition)
{
    public JsonNode? Properties => Definition["properties"];
}

/// <summary>
/// A compiled ARM template (what <c>bicep build</c> writes) expanded the way Azure Resource Manager expands a
/// deployment before it starts: parameters are bound and checked against their declarations, variables,
/// conditions, copy loops and nested deployments (Bicep modules) are evaluated, and module outputs flow into
/// the modules that use them. Values that only exist once resources exist (<c>reference()</c> of a resource,
/// <c>list*()</c>) stay symbolic: see <see cref="Runtime"/>. Handles the functions that Bicep emits for this
/// repository's templates and fails loudly on any other.
/// </summary>
internal sealed class ArmDeployment
{
    private readonly JsonObject template;
    private readonly Dictionary<string, JsonNode?> parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonNode?> variables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> variablesInProgress = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Symbol, JsonObject Declaration)> declarations;
    private readonly Dictionary<(string Symbol, int Index), Instance> instances = [];
    private readonly HashSet<(string Symbol, int Index)> instancesInProgress = [];
    private readonly ArmEvaluator evaluator;

    public ArmDeployment(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameterValues, DeploymentScope scope)
    {
        this.template = template;
        Scope = scope;
        evaluator = new ArmEvaluator(this);
        declarations = template["resources"] switch
        {
            JsonArray array => array.Select((r, i) => ($"#{i}", r!.AsObject())).ToList(),
            JsonObject byName => byName.Select(pair => (pair.Key, pair.Value!.AsObject())).ToList(),
            null => [],
            _ => throw new InvalidDataException("resources is neither an array nor an object."),
        };
        BindParameters(parameterValues);

        // Everything is expanded here, once: afterwards the deployment is only read, from any thread.
        Resources = [.. DeployedInstances().SelectMany(i => i.Nested is { } nested ? nested.Resources : [i.Resource])];
        Outputs = EvaluateOutputs();
    }

    public DeploymentScope Scope { get; }

    /// <summary>Every resource deployed by this template and by its nested deployments, in declaration order.</summary>
    public IReadOnlyList<DeployedResource> Resources { get; }

    /// <summary>The template's outputs by name, evaluated.</summary>
    public JsonObject Outputs { get; }

    internal JsonNode? Parameter(string name) =>
        parameters.TryGetValue(name, out var value) ? value?.DeepClone() : throw new InvalidDataException($"No parameter '{name}'.");

    internal JsonNode? Variable(string name)
    {
        if (!variables.TryGetValue(name, out var value))
        {
            if (!variablesInProgress.Add(name))
            {
                throw new InvalidDataException($"Variable '{name}' depends on itself.");
            }

            value = EvaluateVariable(name);
            variables[name] = value;
            variablesInProgress.Remove(name);
        }

        return value?.DeepClone();
    }

    /// <summary>What <c>reference()</c> returns: a module's outputs, or a symbolic value for a resource.</summary>
    internal JsonNode? Reference(string target)
    {
        var instance = FindBySymbol(target) ?? FindById(target);
        if (instance?.Nested is { } nested)
        {
            var outputs = nested.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)new JsonObject { ["value"] = o.Value?.DeepClone() }));
            return new JsonObject { ["outputs"] = new JsonObject(outputs) };
        }

        return Runtime.Value(instance?.Resource.Id ?? target);
    }

    private void BindParameters(IReadOnlyDictionary<string, JsonNode?> supplied)
    {
        var declared = template["parameters"]?.AsObject() ?? [];
        foreach (var name in supplied.Keys.Where(n => !declared.ContainsKey(n)))
        {
            throw new ArgumentException($"Parameter '{name}' is not declared by the template.");
        }

        foreach (var (name, declaration) in declared)
        {
            var definition = Definition(declaration!.AsObject());
            JsonNode? value;
            if (supplied.TryGetValue(name, out var given))
            {
                value = given?.DeepClone();
            }
            else if (declaration!.AsObject().TryGetPropertyValue("defaultValue", out var fallback))
            {
                value = evaluator.Evaluate(fallback, Frame.Empty);
            }
            else if ((bool?)definition["nullable"] == true || (bool?)declaration["nullable"] == true)
            {
                value = null;
            }
            else
            {
                throw new ArgumentException($"Parameter '{name}' is required and was not given.");
            }

            ParameterRules.Check(name, definition, value);
            parameters[name] = value;
        }
    }

    // A parameter declared with a user-defined type ($ref) takes its rules from the type's definition.
    private JsonObject Definition(JsonObject declaration) =>
        (string?)declaration["$ref"] is { } reference
            ? template["definitions"]?[reference.Split('/')[^1]]?.AsObject()
                ?? throw new InvalidDataException($"Type {reference} is not defined.")
            : declaration;

    private JsonNode? EvaluateVariable(string name)
    {
        var declared = template["variables"]?.AsObject() ?? [];
        if (declared["copy"] is JsonArray loops && loops.FirstOrDefault(l => (string?)l!["name"] == name) is { } loop)
        {
            var count = Count(loop["count"], Frame.Empty);
            return new JsonArray([.. Enumerable.Range(0, count).Select(i => evaluator.Evaluate(loop["input"], Frame.Empty.WithCopy(name, i)))]);
        }

        return declared.TryGetPropertyValue(name, out var value)
            ? evaluator.Evaluate(value, Frame.Empty)
            : throw new InvalidDataException($"No variable '{name}'.");
    }

    private IEnumerable<Instance> DeployedInstances()
    {
        foreach (var (symbol, declaration) in declarations)
        {
            if ((bool?)declaration["existing"] == true)
            {
                continue;
            }

            foreach (var index in Indexes(declaration))
            {
                var frame = FrameOf(declaration, index);
                if (declaration["condition"] is { } condition && !ArmEvaluator.IsTrue(evaluator.Evaluate(condition, frame)))
                {
                    continue;
                }

                yield return InstanceOf(symbol, index);
            }
        }
    }

    private IEnumerable<int> Indexes(JsonObject declaration) =>
        declaration["copy"] is JsonObject copy ? Enumerable.Range(0, Count(copy["count"], Frame.Empty)) : [0];

    private static Frame FrameOf(JsonObject declaration, int index) =>
        declaration["copy"] is JsonObject copy ? Frame.Empty.WithCopy((string)copy["name"]!, index) : Frame.Empty;

    private int Count(JsonNode? count, Frame frame) =>
        (int)ArmEvaluator.AsLong(evaluator.Evaluate(count, frame), "copy count");

    private Instance InstanceOf(string symbol, int index)
    {
        if (instances.TryGetValue((symbol, index), out var known))
        {
            return known;
        }

        if (!instancesInProgress.Add((symbol, index)))
        {
            throw new InvalidDataException($"Resource '{symbol}' depends on itself.");
        }

        var declaration = declarations.Single(d => d.Symbol == symbol).Declaration;
        var frame = FrameOf(declaration, index);
        var type = (string)declaration["type"]!;
        var body = new JsonObject();
        foreach (var (key, value) in declaration)
        {
            // A nested deployment's properties (its template and parameters) are expanded below instead.
            if (key is not ("copy" or "condition" or "dependsOn" or "existing") && !(key == "properties" && IsDeployment(type)))
            {
                body[key] = evaluator.Evaluate(value, frame);
            }
        }

        var name = ArmEvaluator.AsString(body["name"], "resource name");
        var resource = new DeployedResource(type, name, IdOf(declaration, body, type, name), body);
        var nested = IsDeployment(type) && (bool?)declaration["existing"] != true ? NestedDeployment(declaration, body, frame) : null;
        var instance = new Instance(symbol, index, resource, nested);
        instances[(symbol, index)] = instance;
        instancesInProgress.Remove((symbol, index));
        return instance;
    }

    private static bool IsDeployment(string type) =>
        string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    private string IdOf(JsonObject declaration, JsonObject body, string type, string name)
    {
        var providerPath = ProviderPath(type, name);
        if (body["scope"] is { } scope)
        {
            var scopeId = ArmEvaluator.AsString(scope, "scope");
            return scopeId.StartsWith('/') ? $"{scopeId}/providers/{providerPath}" : $"{Scope.Id}/providers/{scopeId}/providers/{providerPath}";
        }

        if (string.Equals(type, "Microsoft.Resources/resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            return $"{Scope.SubscriptionResourceId}/resourceGroups/{name}";
        }

        var resourceGroup = declaration.ContainsKey("resourceGroup") ? (string?)body["resourceGroup"] : Scope.ResourceGroup;
        var subscription = (string?)body["subscriptionId"] ?? Scope.SubscriptionId;
        var parent = resourceGroup is null ? $"/subscriptions/{subscription}" : $"/subscriptions/{subscription}/resourceGroups/{resourceGroup}";
        return $"{parent}/providers/{providerPath}";
    }

    /// <summary><c>Microsoft.X/a/b</c> named <c>n/m</c> is <c>Microsoft.X/a/n/b/m</c> in a resource id.</summary>
    internal static string ProviderPath(string type, string name)
    {
        var types = type.Split('/');
        var names = name.Split('/');
        if (types.Length != names.Length + 1)
        {
            throw new InvalidDataException($"Name '{name}' does not fit type '{type}'.");
        }

        return string.Join('/', [types[0], .. types.Skip(1).Zip(names, (t, n) => $"{t}/{n}")]);
    }

    private ArmDeployment NestedDeployment(JsonObject declaration, JsonObject body, Frame frame)
    {
        var properties = declaration["properties"]!.AsObject();
        if ((string?)properties["expressionEvaluationOptions"]?["scope"] != "inner")
        {
            throw new NotSupportedException("Only nested deployments with inner expression scope are supported.");
        }

        var values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, parameter) in properties["parameters"]?.AsObject() ?? [])
        {
            values[name] = evaluator.Evaluate(parameter!["value"], frame);
        }

        var resourceGroup = declaration.ContainsKey("resourceGroup") ? (string?)body["resourceGroup"] : Scope.ResourceGroup;
        var scope = Scope with { SubscriptionId = (string?)body["subscriptionId"] ?? Scope.SubscriptionId, ResourceGroup = resourceGroup };
        return new ArmDeployment(properties["template"]!.AsObject(), values, scope);
    }

    private Instance? FindBySymbol(string target)
    {
        var open = target.IndexOf('[', StringComparison.Ordinal);
        var symbol = open < 0 ? target : target[..open];
        var index = open < 0 ? 0 : int.Parse(target[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return template["resources"] is JsonObject && declarations.Any(d => d.Symbol == symbol) ? InstanceOf(symbol, index) : null;
    }

    private Instance? FindById(string id) =>
        declarations
            .SelectMany(d => Indexes(d.Declaration).Select(i => InstanceOf(d.Symbol, i)))
            .FirstOrDefault(i => string.Equals(i.Resource.Id, id, StringComparison.OrdinalIgnoreCase));

    private JsonObject EvaluateOutputs()
    {
        var result = new JsonObject();
        foreach (var (name, output) in template["outputs"]?.AsObject() ?? [])
        {
            result[name] = output!["copy"] is JsonObject copy
                ? new JsonArray([.. Enumerable.Range(0, Count(copy["count"], Frame.Empty)).Select(i => evaluator.Evaluate(copy["input"], Frame.Empty.WithCopy("", i)))])
                : evaluator.Evaluate(output["value"], Frame.Empty);
        }

        return result;
    }

    private sealed record Instance(string Symbol, int Index, DeployedResource Resource, ArmDeployment? Nested);
}

/// <summary>Checks a parameter value against its declaration, as Resource Manager does before a deployment starts.</summary>
file static class ParameterRules
{
    public static void Check(string name, JsonObject declaration, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        var type = ((string?)declaration["type"])?.ToLowerInvariant();
        var kind = value.GetValueKind();
        var fits = type switch
        {
            "string" or "securestring" => kind == JsonValueKind.String,
            "int" => kind == JsonValueKind.Number,
            "bool" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" or "secureobject" => kind == JsonValueKind.Object,
            _ => throw new NotSupportedException($"Parameter '{name}' has type {type}."),
        };
        Require(fits, name, $"must be of type {type}");

        if (declaration["allowedValues"] is JsonArray allowed)
        {
            Require(allowed.Any(a => JsonNode.DeepEquals(a, value)), name, $"must be one of {allowed.ToJsonString()}");
        }

        if (kind == JsonValueKind.Number)
        {
            var number = value.GetValue<long>();
            Require(declaration["minValue"] is not { } min || number >= (long)min, name, $"must be at least {declaration["minValue"]}");
            Require(declaration["maxValue"] is not { } max || number <= (long)max, name, $"must be at most {declaration["maxValue"]}");
        }

        var length = kind switch
        {
            JsonValueKind.String => value.GetValue<string>().Length,
            JsonValueKind.Array => value.AsArray().Count,
            _ => (int?)null,
        };
        Require(length is null || declaration["minLength"] is not { } minLength || length >= (int)minLength, name, $"needs a length of at least {declaration["minLength"]}");
        Require(length is null || declaration["maxLength"] is not { } maxLength || length <= (int)maxLength, name, $"needs a length of at most {declaration["maxLength"]}");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"Parameter '{name}' {rule}.");
        }
    }
}
