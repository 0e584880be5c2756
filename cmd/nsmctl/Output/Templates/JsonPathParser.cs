using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>A parsed piece of a kubectl JSONPath template.</summary>
internal abstract record JsonPathNode;

internal sealed record JsonPathText(string Text) : JsonPathNode;

/// <summary><c>{.a.b[0]}</c>: every value the path selects, printed space-separated.</summary>
internal sealed record JsonPathExpression(JsonPathQuery Query) : JsonPathNode;

/// <summary><c>{range PATH}</c> … <c>{end}</c>: the body once per selected value, with it as <c>@</c>.</summary>
internal sealed record JsonPathRange(JsonPathQuery Query, IReadOnlyList<JsonPathNode> Body) : JsonPathNode;

/// <summary>A path from the current value (<c>@</c>, the default) or the root (<c>$</c>).</summary>
internal sealed record JsonPathQuery(bool FromRoot, IReadOnlyList<JsonPathStep> Steps);

/// <summary>One step of a path.</summary>
internal abstract record JsonPathStep;

/// <summary><c>.name</c> or <c>['name','other']</c>.</summary>
internal sealed record JsonPathKeys(IReadOnlyList<string> Names) : JsonPathStep;

/// <summary><c>..name</c>: the field at any depth.</summary>
internal sealed record JsonPathDescendants(string Name) : JsonPathStep;

/// <summary><c>.*</c> or <c>[*]</c>.</summary>
internal sealed record JsonPathWildcard : JsonPathStep;

/// <summary><c>[0]</c>, <c>[-1]</c>, <c>[0,2]</c>.</summary>
internal sealed record JsonPathIndexes(IReadOnlyList<int> Indexes) : JsonPathStep;

/// <summary><c>[start:end:step]</c>, each part optional.</summary>
internal sealed record JsonPathSlice(int? Start, int? End, int? Step) : JsonPathStep;

/// <summary><c>[?(@.a == "x")]</c> or <c>[?(@.a)]</c> (exists).</summary>
internal sealed record JsonPathFilter(JsonPathOperand Left, string? Operator, JsonPathOperand? Right) : JsonPathStep;

/// <summary>A filter's side: a path, or a literal (string, number, true/false).</summary>
internal sealed record JsonPathOperand(JsonPathQuery? Query, JsonNode? Literal);

/// <summary>
/// Parses kubectl's JSONPath templates (client-go's dialect): text and <c>{…}</c> actions holding a path,
/// a quoted string, <c>range PATH</c> or <c>end</c>. Paths take <c>$</c>, <c>@</c>, <c>.name</c> (with <c>\.</c>),
/// <c>..name</c>, <c>.*</c>, <c>[*]</c>, <c>[n]</c>, <c>[n,m]</c>, <c>[a:b:c]</c>, <c>['name']</c> and filters
/// <c>[?(@.x OP y)]</c> with <c>== != &lt; &lt;= &gt; &gt;=</c>.
/// </summary>
internal static class JsonPathParser
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    public static IReadOnlyList<JsonPathNode> Parse(string text)
    {
        var stack = new Stack<(JsonPathQuery? Query, List<JsonPathNode> Nodes)>();
        stack.Push((null, []));
        var pos = 0;
        while (pos < text.Length)
        {
            var open = text.IndexOf('{', pos);
            if (open < 0)
            {
                stack.Peek().Nodes.Add(new JsonPathText(text[pos..]));
                break;
            }

            if (open > pos)
            {
                stack.Peek().Nodes.Add(new JsonPathText(text[pos..open]));
            }

            var close = ActionEnd(text, open + 1);
            var inside = text[(open + 1)..close].Trim();
            pos = close + 1;
            if (inside == "end")
            {
                if (stack.Count == 1)
                {
                    throw new TemplateException("not in range, nothing to end");
                }

                var (query, body) = stack.Pop();
                stack.Peek().Nodes.Add(new JsonPathRange(query!, body));
            }
            else if (inside.StartsWith("range ", StringComparison.Ordinal))
            {
                stack.Push((ParseQuery(inside[6..].Trim()), []));
            }
            else if (inside.Length > 0 && inside[0] is '"' or '\'')
            {
                var (end, value) = GoTemplateLexer.ReadQuoted(inside, 0, message => new TemplateException(message));
                stack.Peek().Nodes.Add(end == inside.Length ? new JsonPathText(value) : throw new TemplateException($"unexpected \"{inside[end..]}\" after a string"));
            }
            else
            {
                stack.Peek().Nodes.Add(new JsonPathExpression(ParseQuery(inside)));
            }
        }

        return stack.Count == 1 ? stack.Pop().Nodes : throw new TemplateException("a {range} has no {end}");
    }

    /// <summary>The index of the <c>}</c> closing the action whose content starts at <paramref name="from"/>.</summary>
    private static int ActionEnd(string text, int from) => SkipTo(text, from, '}') is var end and >= 0 ? end : throw new TemplateException("unclosed action");

    /// <summary>The index of <paramref name="target"/> outside quotes, brackets and parentheses, or -1.</summary>
    private static int SkipTo(string text, int from, char target)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (depth == 0 && c == target)
            {
                return i;
            }

            if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                while (end > 0 && text[end - 1] == '\\')
                {
                    end = text.IndexOf(c, end + 1);
                }

                i = end >= 0 ? end : throw new TemplateException("unterminated quoted string");
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')')
            {
                depth--;
            }
        }

        return -1;
    }

    private static JsonPathQuery ParseQuery(string text)
    {
        var pos = 0;
        var fromRoot = false;
        if (text.Length > 0 && text[0] is '$' or '@')
        {
            fromRoot = text[0] == '$';
            pos = 1;
        }

        var steps = new List<JsonPathStep>();
        while (pos < text.Length)
        {
            if (string.CompareOrdinal(text, pos, "..", 0, 2) == 0)
            {
                var (name, next) = Name(text, pos + 2);
                steps.Add(name.Length > 0 && name != "*" ? new JsonPathDescendants(name) : throw new TemplateException($"unsupported recursive descent in \"{text}\": use ..name"));
                pos = next;
            }
            else if (text[pos] == '.')
            {
                var (name, next) = Name(text, pos + 1);
                if (name.Length > 0)
                {
                    steps.Add(name == "*" ? new JsonPathWildcard() : new JsonPathKeys([name]));
                }

                pos = next;
            }
            else if (text[pos] == '[')
            {
                var close = SkipTo(text, pos + 1, ']');
                steps.Add(Bracket(close > 0 ? text[(pos + 1)..close].Trim() : throw new TemplateException($"unterminated array in \"{text}\"")));
                pos = close + 1;
            }
            else
            {
                throw new TemplateException($"unrecognized character in action: U+{((int)text[pos]).ToString("X4", CultureInfo.InvariantCulture)} '{text[pos]}' in \"{text}\"");
            }
        }

        return new JsonPathQuery(fromRoot, steps);
    }

    /// <summary>A field name after a dot: up to the next <c>.</c> or <c>[</c> (a <c>\.</c> is part of the name).</summary>
    private static (string Name, int Next) Name(string text, int pos)
    {
        var sb = new StringBuilder();
        while (pos < text.Length && text[pos] is not ('.' or '[' or ' ' or ')' or '=' or '!' or '<' or '>'))
        {
            if (text[pos] == '\\' && pos + 1 < text.Length)
            {
                pos++;
            }

            sb.Append(text[pos++]);
        }

        return (sb.ToString(), pos);
    }

    private static JsonPathStep Bracket(string inside)
    {
        if (inside == "*")
        {
            return new JsonPathWildcard();
        }

        if (inside.StartsWith("?(", StringComparison.Ordinal) && inside.EndsWith(')'))
        {
            return Filter(inside[2..^1].Trim());
        }

        if (inside.Length > 0 && inside[0] is '"' or '\'')
        {
            var names = new List<string>();
            var pos = 0;
            while (pos < inside.Length)
            {
                var (end, value) = GoTemplateLexer.ReadQuoted(inside, pos, message => new TemplateException(message));
                names.Add(value);
                pos = end;
                while (pos < inside.Length && inside[pos] is ' ' or ',')
                {
                    pos++;
                }
            }

            return new JsonPathKeys(names);
        }

        int? Int(string s) => s.Trim().Length == 0 ? null
            : int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
            : throw new TemplateException($"invalid array index [{inside}]");
        if (inside.Contains(':', StringComparison.Ordinal))
        {
            var parts = inside.Split(':');
            return parts.Length <= 3 ? new JsonPathSlice(Int(parts[0]), Int(parts[1]), parts.Length == 3 ? Int(parts[2]) : null) : throw new TemplateException($"invalid array slice [{inside}]");
        }

        return new JsonPathIndexes(inside.Split(',').Select(s => Int(s) ?? throw new TemplateException($"invalid array index [{inside}]")).ToList());
    }

    private static JsonPathFilter Filter(string text)
    {
        if (text.Contains("=~", StringComparison.Ordinal))
        {
            throw new TemplateException($"regular expressions (=~) are not supported in filters: [?({text})]");
        }

        foreach (var op in Operators)
        {
            var at = IndexOutsideQuotes(text, op);
            if (at > 0)
            {
                return new JsonPathFilter(Operand(text[..at].Trim()), op, Operand(text[(at + op.Length)..].Trim()));
            }
        }

        return new JsonPathFilter(Operand(text), null, null);
    }

    private static int IndexOutsideQuotes(string text, string op)
    {
        char? quote = null;
        for (var i = 0; i + op.Length <= text.Length; i++)
        {
            if (quote is { } q)
            {
                quote = text[i] == q && text[i - 1] != '\\' ? null : q;
            }
            else if (text[i] is '"' or '\'')
            {
                quote = text[i];
            }
            else if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonPathOperand Operand(string text)
    {
        if (text.Length == 0)
        {
            throw new TemplateException("a filter operand is missing");
        }

        if (text[0] is '@' or '$')
        {
            return new JsonPathOperand(ParseQuery(text), null);
        }

        if (text[0] is '"' or '\'')
        {
            return new JsonPathOperand(null, JsonValue.Create(GoTemplateLexer.ReadQuoted(text, 0, message => new TemplateException(message)).Value));
        }

        if (text is "true" or "false")
        {
            return new JsonPathOperand(null, JsonValue.Create(text == "true"));
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new JsonPathOperand(null, JsonValue.Create(number))
            : throw new TemplateException($"unrecognized filter operand \"{text}\"");
    }
}
