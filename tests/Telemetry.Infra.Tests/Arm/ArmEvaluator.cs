using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Infra.Tests.Arm;

/// <summary>The loop indexes and lambda variables in effect where an expression is evaluated.</summary>
internal sealed record Frame(ImmutableDictionary<string, int> Copies, ImmutableDictionary<string, JsonNode?> Lambdas)
{
    public static Frame Empty { get; } = new(ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, JsonNode?>.Empty);

    // copyIndex() without a name means the innermost resource or output loop.
    public Frame WithCopy(string loop, int index) => this with { Copies = Copies.SetItem(loop, index).SetItem("", index) };

    public Frame WithLambda(string name, JsonNode? value) => this with { Lambdas = Lambdas.SetItem(name, value) };
}

/// <summary>
/// Values known only once resources exist, written <c>⟨…⟩</c>: <c>⟨/subscriptions/…/userAssignedIdentities/id-x.clientId⟩</c>
/// is the identity's client id. A string that embeds one (a format() result) embeds its text.
/// </summary>
internal static class Runtime
{
    private const char Open = '⟨';
    private const char Close = '⟩';

    public static JsonNode Value(string text) => JsonValue.Create($"{Open}{text}{Close}");

    /// <summary>The symbolic value of <paramref name="property"/> of the resource <paramref name="resourceId"/>.</summary>
    public static string Property(string resourceId, string property) => $"{Open}{resourceId}.{property}{Close}";

    public static bool IsRuntime(string text) => text.Length > 1 && text[0] == Open && text[^1] == Close;

    public static bool Contains(string text) => text.Contains(Open, StringComparison.Ordinal);

    public static JsonNode Member(string runtimeValue, string member) => Value($"{runtimeValue[1..^1]}.{member}");
}

/// <summary>Evaluates template values and expressions for one <see cref="ArmDeployment"/>.</summary>
internal sealed class ArmEvaluator(ArmDeployment deployment)
{
    /// <summary>Evaluates a template value: expression strings, and objects and arrays holding them. Returns fresh nodes.</summary>
    public JsonNode? Evaluate(JsonNode? value, Frame frame) => value switch
    {
        JsonObject obj => EvaluateObject(obj, frame),
        JsonArray array => new JsonArray([.. array.Select(item => Evaluate(item, frame))]),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => EvaluateString(scalar.GetValue<string>(), frame),
        null => null,
        _ => value.DeepClone(),
    };

    private JsonNode? EvaluateString(string text, Frame frame) =>
        ArmExpression.IsExpression(text) ? Evaluate(ArmExpression.ParseTemplateString(text), frame)
        : text.StartsWith("[[", StringComparison.Ordinal) ? JsonValue.Create(text[1..])
        : JsonValue.Create(text);

    private JsonObject EvaluateObject(JsonObject obj, Frame frame)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            // A property loop: "copy": [{ "name": p, "count": n, "input": … }] makes property p an array.
            if (key == "copy" && value is JsonArray loops)
            {
                foreach (var loop in loops.Select(l => l!.AsObject()))
                {
                    var name = (string)loop["name"]!;
                    var count = (int)AsLong(Evaluate(loop["count"], frame), "copy count");
                    result[name] = new JsonArray([.. Enumerable.Range(0, count).Select(i => Evaluate(loop["input"], frame.WithCopy(name, i)))]);
                }

                continue;
            }

            result[AsString(EvaluateString(key, frame), "property name")] = Evaluate(value, frame);
        }

        return result;
    }

    private JsonNode? Evaluate(ArmExpression expression, Frame frame) => expression switch
    {
        ArmLiteral literal => literal.Value?.DeepClone(),
        ArmProperty property => Member(Evaluate(property.Target, frame), property.Name),
        ArmIndex index => Index(Evaluate(index.Target, frame), Evaluate(index.Key, frame)),
        ArmCall call => Call(call, frame),
        _ => throw new NotSupportedException(expression.GetType().Name),
    };

    private static JsonNode? Member(JsonNode? target, string name) => target switch
    {
        JsonObject obj => (obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value
            ?? throw new InvalidDataException($"No property '{name}' in {obj.ToJsonString()}.")).DeepClone(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && Runtime.IsRuntime(value.GetValue<string>()) =>
            Runtime.Member(value.GetValue<string>(), name),
        _ => throw new InvalidDataException($"Cannot read '{name}' of {target?.ToJsonString() ?? "null"}."),
    };

    private static JsonNode? Index(JsonNode? target, JsonNode? key) => target switch
    {
        JsonArray array => array[(int)AsLong(key, "index")]?.DeepClone(),
        JsonObject => Member(target, AsString(key, "key")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && Runtime.IsRuntime(value.GetValue<string>()) =>
            Runtime.Member(value.GetValue<string>(), $"[{Text(key)}]"),
        _ => throw new InvalidDataException($"Cannot index {target?.ToJsonString() ?? "null"}."),
    };

    private JsonNode? Call(ArmCall call, Frame frame)
    {
        var name = call.Function.ToLowerInvariant();
        switch (name)
        {
            case "if":
                return IsTrue(Evaluate(call.Arguments[0], frame)) ? Evaluate(call.Arguments[1], frame) : Evaluate(call.Arguments[2], frame);
            case "map":
            case "filter":
            case "toobject":
                return Lambda(name, call, frame);
            case "lambdavariables":
                var variable = AsString(Evaluate(call.Arguments[0], frame), "lambda variable");
                return frame.Lambdas.TryGetValue(variable, out var bound) ? bound?.DeepClone() : throw new InvalidDataException($"No lambda variable '{variable}'.");
            default:
                break;
        }

        var args = call.Arguments.Select(a => Evaluate(a, frame)).ToList();
        return name switch
        {
            "parameters" => deployment.Parameter(AsString(args[0], "parameter name")),
            "variables" => deployment.Variable(AsString(args[0], "variable name")),
            "copyindex" => CopyIndex(args, frame),
            "reference" => deployment.Reference(AsString(args[0], "reference target")),
            "format" => JsonValue.Create(Format(AsString(args[0], "format"), args.Skip(1).ToList())),
            "concat" => args.Any(a => a is JsonArray)
                ? new JsonArray([.. args.SelectMany(a => a!.AsArray().Select(item => item?.DeepClone()))])
                : JsonValue.Create(string.Concat(args.Select(Text))),
            "string" => JsonValue.Create(Text(args[0])),
            "createarray" => new JsonArray([.. args]),
            "createobject" => CreateObject(args),
            "union" => Union(args),
            "coalesce" => args.FirstOrDefault(a => a is not null),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(args[0], args[1])),
            "not" => JsonValue.Create(!IsTrue(args[0])),
            "and" => JsonValue.Create(args.All(IsTrue)),
            "or" => JsonValue.Create(args.Any(IsTrue)),
            "empty" => JsonValue.Create(args[0] switch { null => true, JsonArray a => a.Count == 0, JsonObject o => o.Count == 0, var v => Text(v).Length == 0 }),
            "length" => JsonValue.Create((long)(args[0] switch { JsonArray a => a.Count, JsonObject o => o.Count, var v => Text(v).Length })),
            "contains" => JsonValue.Create(args[0] switch
            {
                JsonArray a => a.Any(item => JsonNode.DeepEquals(item, args[1])),
                JsonObject o => o.ContainsKey(AsString(args[1], "key")),
                var v => Text(v).Contains(Text(args[1]), StringComparison.Ordinal),
            }),
            "objectkeys" => new JsonArray([.. args[0]!.AsObject().Select(p => (JsonNode)JsonValue.Create(p.Key))]),
            "items" => new JsonArray([.. args[0]!.AsObject().Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value?.DeepClone() })]),
            "range" => new JsonArray([.. Enumerable.Range((int)AsLong(args[0], "start"), (int)AsLong(args[1], "count")).Select(i => (JsonNode)JsonValue.Create((long)i))]),
            "tolower" => JsonValue.Create(Text(args[0]).ToLowerInvariant()),
            "toupper" => JsonValue.Create(Text(args[0]).ToUpperInvariant()),
            "guid" => JsonValue.Create(StandInGuid([.. args.Select(Text)])),
            "uniquestring" => JsonValue.Create(StandInUniqueString(args)),
            "subscription" => new JsonObject
            {
                ["id"] = deployment.Scope.SubscriptionResourceId,
                ["subscriptionId"] = deployment.Scope.SubscriptionId,
                ["tenantId"] = deployment.Scope.TenantId,
            },
            "resourcegroup" => new JsonObject
            {
                ["id"] = deployment.Scope.Id,
                ["name"] = deployment.Scope.ResourceGroup,
                ["location"] = deployment.Scope.Location,
            },
            "tenant" => new JsonObject { ["tenantId"] = deployment.Scope.TenantId },
            "environment" => new JsonObject
            {
                ["name"] = "AzureCloud",
                ["suffixes"] = new JsonObject { ["storage"] = "core.windows.net", ["keyvaultDns"] = ".vault.azure.net" },
            },
            "resourceid" => JsonValue.Create(ResourceId(args)),
            "subscriptionresourceid" => JsonValue.Create(SubscriptionResourceId(args)),
            "extensionresourceid" => JsonValue.Create($"{AsString(args[0], "scope")}/providers/{ProviderPath(args.Skip(1).ToList())}"),
            _ when name.StartsWith("list", StringComparison.Ordinal) => Runtime.Value($"{call.Function}({string.Join(", ", args.Select(Text))})"),
            _ => throw new NotSupportedException($"ARM function {call.Function}() is not supported by the test evaluator; add it to ArmEvaluator."),
        };
    }

    private JsonNode Lambda(string function, ArmCall call, Frame frame)
    {
        var source = Evaluate(call.Arguments[0], frame);
        var items = source is JsonArray array ? array.ToList() : throw new InvalidDataException($"{function}() needs an array.");

        JsonNode? Apply(ArmExpression lambda, JsonNode? item)
        {
            if (lambda is not ArmCall { Function: var fn } definition || !fn.Equals("lambda", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{function}() needs a lambda.");
            }

            var variable = AsString(Evaluate(definition.Arguments[0], frame), "lambda parameter");
            return Evaluate(definition.Arguments[^1], frame.WithLambda(variable, item?.DeepClone()));
        }

        return function switch
        {
            "map" => new JsonArray([.. items.Select(item => Apply(call.Arguments[1], item))]),
            "filter" => new JsonArray([.. items.Where(item => IsTrue(Apply(call.Arguments[1], item))).Select(item => item?.DeepClone())]),
            _ => new JsonObject(items.Select(item => KeyValuePair.Create(
                AsString(Apply(call.Arguments[1], item), "key"),
                call.Arguments.Count > 2 ? Apply(call.Arguments[2], item) : item?.DeepClone()))),
        };
    }

    private static JsonNode CopyIndex(List<JsonNode?> args, Frame frame)
    {
        var loop = args.FirstOrDefault(a => a?.GetValueKind() == JsonValueKind.String) is { } named ? named.GetValue<string>() : "";
        var offset = args.FirstOrDefault(a => a?.GetValueKind() == JsonValueKind.Number) is { } number ? number.GetValue<long>() : 0;
        return frame.Copies.TryGetValue(loop, out var index)
            ? JsonValue.Create(index + offset)
            : throw new InvalidDataException($"copyIndex('{loop}') outside its loop.");
    }

    private static JsonObject CreateObject(List<JsonNode?> args)
    {
        var result = new JsonObject();
        for (var i = 0; i < args.Count; i += 2)
        {
            result[AsString(args[i], "property name")] = args[i + 1];
        }

        return result;
    }

    private static JsonNode Union(List<JsonNode?> args)
    {
        if (args.All(a => a is JsonObject))
        {
            var merged = new JsonObject();
            foreach (var (key, value) in args.SelectMany(a => a!.AsObject()))
            {
                merged[key] = value?.DeepClone();
            }

            return merged;
        }

        var union = new JsonArray();
        foreach (var item in args.SelectMany(a => a!.AsArray()).Where(item => item is not null))
        {
            if (!union.Any(existing => JsonNode.DeepEquals(existing, item)))
            {
                union.Add(item!.DeepClone());
            }
        }

        return union;
    }

    // resourceId([subscriptionId], [resourceGroupName], type, name...) in the deployment's scope.
    private string ResourceId(List<JsonNode?> args)
    {
        var typeAt = args.FindIndex(a => a?.GetValueKind() == JsonValueKind.String && a.GetValue<string>().Contains('/', StringComparison.Ordinal));
        var subscription = typeAt == 2 ? AsString(args[0], "subscription") : deployment.Scope.SubscriptionId;
        var resourceGroup = typeAt >= 1 ? AsString(args[typeAt - 1], "resource group") : deployment.Scope.ResourceGroup;
        var parent = resourceGroup is null ? $"/subscriptions/{subscription}" : $"/subscriptions/{subscription}/resourceGroups/{resourceGroup}";
        return $"{parent}/providers/{ProviderPath(args.Skip(typeAt).ToList())}";
    }

    private string SubscriptionResourceId(List<JsonNode?> args)
    {
        var typeAt = args.Count > 1 && !Text(args[0]).Contains('/', StringComparison.Ordinal) && Text(args[1]).Contains('/', StringComparison.Ordinal) ? 1 : 0;
        var subscription = typeAt == 1 ? AsString(args[0], "subscription") : deployment.Scope.SubscriptionId;
        return $"/subscriptions/{subscription}/providers/{ProviderPath(args.Skip(typeAt).ToList())}";
    }

    private static string ProviderPath(List<JsonNode?> typeAndNames) =>
        ArmDeployment.ProviderPath(AsString(typeAndNames[0], "resource type"), string.Join('/', typeAndNames.Skip(1).Select(Text)));

    private static string Format(string format, List<JsonNode?> args)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                result.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = format.IndexOf('}', i);
                var hole = format[(i + 1)..end].Split(':')[0];
                result.Append(Text(args[int.Parse(hole, CultureInfo.InvariantCulture)]));
                i = end;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>What guid() gives here: not Resource Manager's algorithm, but equal inputs give equal names too.</summary>
    internal static string StandInGuid(params string[] args) =>
        new Guid(Hash(args).AsSpan(0, 16)).ToString();

    // uniqueString() likewise: 13 lower-case letters and digits, equal for equal inputs.
    private static string StandInUniqueString(List<JsonNode?> args) =>
        string.Concat(Hash([.. args.Select(Text)]).Take(13).Select(b => "abcdefghijklmnopqrstuvwxyz234567"[b % 32]));

    private static byte[] Hash(string[] args) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', args)));

    /// <summary>A value as format() and string() write it.</summary>
    internal static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    internal static bool IsTrue(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"Not a bool: {value?.ToJsonString() ?? "null"}."),
        };

    internal static long AsLong(JsonNode? value, string what) =>
        value?.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>() : throw new InvalidDataException($"The {what} is not a number: {value?.ToJsonString() ?? "null"}.");

    internal static string AsString(JsonNode? value, string what) =>
        value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new InvalidDataException($"The {what} is not a string: {value?.ToJsonString() ?? "null"}.");
}
