using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>
/// kubectl's <c>-o jsonpath</c> for nsmctl (see <see cref="JsonPathParser"/> for the syntax). As kubectl: the values
/// of one action are printed space-separated, strings as they are, lists and maps as JSON; a missing field prints
/// nothing; an index past the end is an error.
/// </summary>
internal sealed class JsonPath : IObjectTemplate
{
    private readonly IReadOnlyList<JsonPathNode> _nodes;

    private JsonPath(IReadOnlyList<JsonPathNode> nodes) => _nodes = nodes;

    public static JsonPath Parse(string text) => new(JsonPathParser.Parse(text));

    public string Execute(JsonNode? data)
    {
        var sb = new StringBuilder();
        Run(_nodes, data, data, sb);
        return sb.ToString();
    }

    private static void Run(IReadOnlyList<JsonPathNode> nodes, JsonNode? current, JsonNode? root, StringBuilder sb)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case JsonPathText text:
                    sb.Append(text.Text);
                    break;
                case JsonPathExpression expression:
                    sb.AppendJoin(' ', Select(expression.Query, current, root).Select(Text));
                    break;
                case JsonPathRange range:
                    foreach (var value in Select(range.Query, current, root))
                    {
                        Run(range.Body, value, root, sb);
                    }

                    break;
            }
        }
    }

    private static string Text(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>The values a path selects (JSON nulls and missing fields select nothing).</summary>
    private static List<JsonNode> Select(JsonPathQuery query, JsonNode? current, JsonNode? root)
    {
        var start = query.FromRoot ? root : current;
        var values = start is null ? new List<JsonNode>() : [start];
        foreach (var step in query.Steps)
        {
            values = values.SelectMany(v => Apply(step, v, root)).OfType<JsonNode>().ToList();
        }

        return values;
    }

    private static IEnumerable<JsonNode?> Apply(JsonPathStep step, JsonNode value, JsonNode? root) => step switch
    {
        JsonPathKeys keys => value is JsonObject o ? keys.Names.Select(k => o[k]) : [],
        JsonPathWildcard => value switch { JsonObject o => o.Select(kv => kv.Value), JsonArray a => a, _ => [] },
        JsonPathDescendants d => Descendants(value, d.Name),
        JsonPathIndexes i => value is JsonArray a ? i.Indexes.Select(n => At(a, n)) : [],
        JsonPathSlice s => value is JsonArray a ? Slice(a, s) : [],
        JsonPathFilter f => value is JsonArray a
            ? a.Where(e => e is not null && Holds(f, e, root))
            : throw new TemplateException($"{Text(value)} is not array or slice and cannot be filtered"),
        _ => [],
    };

    private static IEnumerable<JsonNode?> Descendants(JsonNode value, string name)
    {
        if (value is JsonObject o)
        {
            if (o.TryGetPropertyValue(name, out var hit))
            {
                yield return hit;
            }

            foreach (var (_, child) in o)
            {
                foreach (var found in child is null ? [] : Descendants(child, name))
                {
                    yield return found;
                }
            }
        }
        else if (value is JsonArray a)
        {
            foreach (var found in a.OfType<JsonNode>().SelectMany(e => Descendants(e, name)))
            {
                yield return found;
            }
        }
    }

    private static JsonNode? At(JsonArray a, int index)
    {
        var i = index < 0 ? index + a.Count : index;
        return i >= 0 && i < a.Count
            ? a[i]
            : throw new TemplateException($"array index out of bounds: index {index.ToString(CultureInfo.InvariantCulture)}, length {a.Count.ToString(CultureInfo.InvariantCulture)}");
    }

    private static IEnumerable<JsonNode?> Slice(JsonArray a, JsonPathSlice s)
    {
        int Clamp(int? n, int fallback) => Math.Clamp(n is { } v ? (v < 0 ? v + a.Count : v) : fallback, 0, a.Count);
        var step = s.Step ?? 1;
        if (step <= 0)
        {
            throw new TemplateException("step must be > 0");
        }

        for (var i = Clamp(s.Start, 0); i < Clamp(s.End, a.Count); i += step)
        {
            yield return a[i];
        }
    }

    private static bool Holds(JsonPathFilter filter, JsonNode element, JsonNode? root)
    {
        var left = Side(filter.Left, element, root);
        if (filter.Operator is null)
        {
            return left.Count > 0;
        }

        var right = Side(filter.Right!, element, root);
        if (left.Count == 0 || right.Count == 0)
        {
            return false;
        }

        if (left.Count > 1 || right.Count > 1)
        {
            throw new TemplateException("can only compare one element at a time");
        }

        var (a, b) = (left[0], right[0]);
        var order = (a.GetValueKind(), b.GetValueKind()) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => GoValues.ToDouble(a).CompareTo(GoValues.ToDouble(b)),
            (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(a.GetValue<string>(), b.GetValue<string>()),
            var (ka, kb) when ka is JsonValueKind.True or JsonValueKind.False && ka == kb => 0,
            _ => (int?)null,
        };
        return filter.Operator switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static List<JsonNode> Side(JsonPathOperand operand, JsonNode element, JsonNode? root) =>
        operand.Query is { } query ? Select(query, element, root) : operand.Literal is { } literal ? [literal] : [];
}
