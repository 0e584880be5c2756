using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output;

/// <summary>Writes JSON trees as block-style YAML, as <c>kubectl get -o yaml</c> prints objects.</summary>
internal static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0, inSequence: false);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var first = true;
                foreach (var (k, v) in o)
                {
                    if (v is null)
                    {
                        continue;
                    }

                    if (!(first && inSequence))
                    {
                        sb.Append(' ', indent);
                    }

                    first = false;
                    sb.Append(Key(k)).Append(':');
                    Child(sb, v, indent);
                }

                if (first)
                {
                    sb.Append("{}\n");
                }

                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } io)
                    {
                        Write(sb, io, indent + 2, inSequence: true);
                    }
                    else if (item is JsonArray { Count: > 0 })
                    {
                        sb.Append('\n');
                        Write(sb, item, indent + 2, false);
                    }
                    else
                    {
                        sb.Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                sb.Append(' ', indent).Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void Child(StringBuilder sb, JsonNode v, int indent)
    {
        switch (v)
        {
            case JsonObject { Count: > 0 } co:
                sb.Append('\n');
                Write(sb, co, indent + 2, false);
                break;
            case JsonArray { Count: > 0 } ca:
                sb.Append('\n');
                Write(sb, ca, indent, false);
                break;
            case JsonValue s when s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Contains('\n', StringComparison.Ordinal):
                sb.Append(" |").Append(s.GetValue<string>().EndsWith('\n') ? "" : "-").Append('\n');
                foreach (var line in s.GetValue<string>().TrimEnd('\n').Split('\n'))
                {
                    sb.Append(' ', indent + 2).Append(line).Append('\n');
                }

                break;
            default:
                sb.Append(' ').Append(Scalar(v)).Append('\n');
                break;
        }
    }

    private static string Key(string k) => NeedsQuotes(k) ? Quote(k) : k;

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => NeedsQuotes(v.GetValue<string>()) ? Quote(v.GetValue<string>()) : v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s.ToLowerInvariant() is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ||
        s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':') || s.Contains('\n', StringComparison.Ordinal) ||
        "{}[],&*!|>'\"%@`#?:".Contains(s[0], StringComparison.Ordinal) || s == "-" || s.StartsWith("- ", StringComparison.Ordinal) || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]);

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
