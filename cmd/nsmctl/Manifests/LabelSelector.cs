namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>
/// kubectl's label selector (<c>-l</c>): comma-separated <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c> and <c>k notin (a,b)</c>; all must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _terms = [];

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in SplitTerms(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            if (TrySet(term, " notin ", out var key, out var values))
            {
                selector._terms.Add(l => !l.TryGetValue(key, out var v) || !values.Contains(v));
            }
            else if (TrySet(term, " in ", out key, out values))
            {
                selector._terms.Add(l => l.TryGetValue(key, out var v) && values.Contains(v));
            }
            else if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = Cut(term, "!=");
                selector._terms.Add(l => !l.TryGetValue(k, out var x) || x != v);
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var (k, v) = Cut(term, term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                selector._terms.Add(l => l.TryGetValue(k, out var x) && x == v);
            }
            else if (term.StartsWith('!'))
            {
                var k = term[1..].Trim();
                selector._terms.Add(l => !l.ContainsKey(k));
            }
            else
            {
                selector._terms.Add(l => l.ContainsKey(term));
            }
        }

        return selector;
    }

    /// <summary>A selector from a map (a Service's selector, a Deployment's matchLabels).</summary>
    public static LabelSelector FromMap(IReadOnlyDictionary<string, string> map)
    {
        var selector = new LabelSelector();
        foreach (var (k, v) in map)
        {
            selector._terms.Add(l => l.TryGetValue(k, out var x) && x == v);
        }

        return selector;
    }

    /// <summary>
    /// A selector written as Kubernetes' LabelSelector (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn,
    /// Exists, DoesNotExist) or as one NodeSelectorTerm (its <c>matchExpressions</c>); null matches everything.
    /// </summary>
    public static LabelSelector FromJson(System.Text.Json.Nodes.JsonNode? node)
    {
        var selector = FromMap(Json.Map(node?["matchLabels"]));
        foreach (var e in Json.Objects(node?["matchExpressions"]))
        {
            var key = Json.String(e["key"]) ?? "";
            var values = (e["values"] as System.Text.Json.Nodes.JsonArray ?? []).Select(Json.String).OfType<string>().ToHashSet(StringComparer.Ordinal);
            Func<IReadOnlyDictionary<string, string>, bool> term = (Json.String(e["operator"]) ?? "") switch
            {
                "In" => l => l.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" => l => !l.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" => l => l.ContainsKey(key),
                "DoesNotExist" => l => !l.ContainsKey(key),
                _ => _ => false,
            };
            selector._terms.Add(term);
        }

        return selector;
    }

    public bool IsEmpty => _terms.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.TrueForAll(t => t(labels));

    private static (string, string) Cut(string term, string op)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..i].Trim(), term[(i + op.Length)..].Trim());
    }

    private static bool TrySet(string term, string op, out string key, out HashSet<string> values)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        key = "";
        values = [];
        if (i <= 0)
        {
            return false;
        }

        key = term[..i].Trim();
        values = term[(i + op.Length)..].Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return true;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
