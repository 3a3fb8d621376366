using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Telemetry.Infra.Tests.Arm;

/// <summary>
/// An ARM template language expression (the text between <c>[</c> and <c>]</c> of a template string):
/// literals, function calls, property access and indexing.
/// </summary>
internal abstract record ArmExpression
{
    /// <summary>Parses the expression of a template string such as <c>[format('{0}', parameters('a'))]</c>.</summary>
    public static ArmExpression ParseTemplateString(string text)
    {
        if (!IsExpression(text))
        {
            throw new FormatException($"Not a template expression: {text}");
        }

        return new Parser(text[1..^1]).ParseAll();
    }

    /// <summary>A string is an expression when it is bracketed; <c>[[</c> escapes a literal bracket.</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);
}

internal sealed record ArmLiteral(JsonNode? Value) : ArmExpression;

internal sealed record ArmCall(string Function, IReadOnlyList<ArmExpression> Arguments) : ArmExpression;

internal sealed record ArmProperty(ArmExpression Target, string Name) : ArmExpression;

internal sealed record ArmIndex(ArmExpression Target, ArmExpression Key) : ArmExpression;

file sealed class Parser(string text)
{
    private int position;

    public ArmExpression ParseAll()
    {
        var expression = ParseExpression();
        SkipSpace();
        if (position != text.Length)
        {
            throw Error("unexpected text");
        }

        return expression;
    }

    private ArmExpression ParseExpression()
    {
        var expression = ParsePrimary();
        while (true)
        {
            SkipSpace();
            if (TryTake('.'))
            {
                expression = new ArmProperty(expression, ParseIdentifier());
            }
            else if (TryTake('['))
            {
                var key = ParseExpression();
                Expect(']');
                expression = new ArmIndex(expression, key);
            }
            else
            {
                return expression;
            }
        }
    }

    private ArmExpression ParsePrimary()
    {
        SkipSpace();
        if (position >= text.Length)
        {
            throw Error("expression expected");
        }

        var c = text[position];
        if (c == '\'')
        {
            return new ArmLiteral(JsonValue.Create(ParseString()));
        }

        if (char.IsAsciiDigit(c) || c == '-')
        {
            var start = position++;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            return new ArmLiteral(JsonValue.Create(long.Parse(text[start..position], CultureInfo.InvariantCulture)));
        }

        var name = ParseIdentifier();
        SkipSpace();
        if (!TryTake('('))
        {
            return name switch
            {
                "true" => new ArmLiteral(JsonValue.Create(true)),
                "false" => new ArmLiteral(JsonValue.Create(false)),
                "null" => new ArmLiteral(null),
                _ => throw Error($"'{name}' is neither a function call nor a literal"),
            };
        }

        var arguments = new List<ArmExpression>();
        SkipSpace();
        if (!TryTake(')'))
        {
            do
            {
                arguments.Add(ParseExpression());
                SkipSpace();
            }
            while (TryTake(','));
            Expect(')');
        }

        return new ArmCall(name, arguments);
    }

    private string ParseString()
    {
        Expect('\'');
        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Error("unterminated string");
            }

            var c = text[position++];
            if (c != '\'')
            {
                value.Append(c);
            }
            else if (position < text.Length && text[position] == '\'')
            {
                value.Append('\'');
                position++;
            }
            else
            {
                return value.ToString();
            }
        }
    }

    private string ParseIdentifier()
    {
        SkipSpace();
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '$'))
        {
            position++;
        }

        return position > start ? text[start..position] : throw Error("name expected");
    }

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private bool TryTake(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!TryTake(c))
        {
            throw Error($"'{c}' expected");
        }
    }

    private FormatException Error(string problem) => new($"ARM expression, {problem} at {position}: [{text}]");
}
