using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>
/// kubectl's <c>--field-selector</c>: comma-separated <c>field=value</c>, <c>field==value</c> and <c>field!=value</c>,
/// all of which must hold. As on an API server, only the fields a kind indexes are accepted: <c>metadata.name</c> and
/// <c>metadata.namespace</c> for every kind, and for pods also <c>spec.nodeName</c>, <c>status.phase</c>,
/// <c>status.podIP</c> and a few more; an absent field compares as the empty string.
/// </summary>
internal sealed class FieldSelector
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    private static readonly string[] PodFields =
        [.. Common, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"];

    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    private FieldSelector(string text) => Text = text;

    public static FieldSelector Everything { get; } = new("");

    /// <summary>Gets the selector as given.</summary>
    public string Text { get; }

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>Parses a selector; a term without an operator or without a field is an error naming the term.</summary>
    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector(text ?? "");
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            var (op, equal) = term.Contains("!=", StringComparison.Ordinal) ? ("!=", false) : term.Contains("==", StringComparison.Ordinal) ? ("==", true) : ("=", true);
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new ManifestException($"error: invalid field selector \"{text}\": \"{term}\" is not field=value, field==value or field!=value");
            }

            selector._terms.Add((term[..at].Trim(), term[(at + op.Length)..].Trim(), equal));
        }

        return selector;
    }

    /// <summary>The fields a kind can be selected by.</summary>
    public static IReadOnlyList<string> FieldsOf(ResourceKind kind) =>
        kind == ResourceKind.Pod ? PodFields : kind == ResourceKind.Namespace ? [.. Common, "status.phase"] : Common;

    /// <summary>Throws as an API server answers when a term names a field the kind does not index.</summary>
    public void Validate(ResourceKind kind)
    {
        var fields = FieldsOf(kind);
        foreach (var (field, _, _) in _terms.Where(t => !fields.Contains(t.Field)))
        {
            throw new ManifestException(
                $"Error from server (BadRequest): Unable to find \"{kind.Plural}\" that match field selector \"{Text}\": field label not supported: {field} (supported: {string.Join(", ", fields)})");
        }
    }

    public bool Matches(JsonObject item) => _terms.TrueForAll(t => (ValueOf(item, t.Field) == t.Value) == t.Equal);

    /// <summary>The value of a selectable field as the API server compares it (kind defaults for absent pod fields).</summary>
    public static string ValueOf(JsonObject item, string field)
    {
        JsonNode? node = item;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return Json.String(node) ?? field switch
        {
            "spec.hostNetwork" => "false",
            "spec.restartPolicy" => "Always",
            "spec.schedulerName" => "default-scheduler",
            "spec.serviceAccountName" => "default",
            _ => "",
        };
    }
}
