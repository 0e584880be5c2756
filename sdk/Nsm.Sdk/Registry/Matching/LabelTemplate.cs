using System.Globalization;
using System.Text;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Renders the small subset of Go <c>text/template</c> that NSM selector values use, with a label map as data.
/// </summary>
/// <remarks>
/// <para>Supported actions (optionally with <c>{{-</c> / <c>-}}</c> whitespace trimming):</para>
/// <list type="bullet">
/// <item><c>{{.key}}</c> and <c>{{ .key }}</c>: the label value; a missing key renders Go's <c>&lt;no value&gt;</c>.</item>
/// <item><c>{{index . "key"}}</c>: the label value; a missing key renders the empty string (Go's zero value).</item>
/// <item><c>{{.}}</c>: the whole map, printed like Go's <c>fmt</c> (<c>map[k1:v1 k2:v2]</c>, keys sorted).</item>
/// <item><c>{{/* comment */}}</c>: nothing.</item>
/// </list>
/// <para>Any other action (functions, pipelines, variables, control flow) is reported as a failure, which
/// callers treat exactly like a Go parse or execution error: the value is compared literally.</para>
/// </remarks>
public static class LabelTemplate
{
    /// <summary>The text Go renders for a map key that is absent from the data.</summary>
    public const string NoValue = "<no value>";

    /// <summary>Whether <paramref name="text"/> contains an action delimiter at all.</summary>
    /// <param name="text">The candidate template.</param>
    /// <returns><see langword="true"/> when the text contains <c>{{</c>.</returns>
    public static bool HasActions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("{{", StringComparison.Ordinal);
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="data"/> as the template's dot.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="data">The label map; <see langword="null"/> behaves like an empty map.</param>
    /// <param name="result">The rendered text, or <see langword="null"/> on failure.</param>
    /// <returns><see langword="false"/> when the template does not parse or uses an unsupported action.</returns>
    public static bool TryRender(string template, IReadOnlyDictionary<string, string>? data, out string? result)
    {
        ArgumentNullException.ThrowIfNull(template);
        result = null;
        if (!HasActions(template))
        {
            result = template;
            return true;
        }

        var output = new StringBuilder(template.Length + 16);
        var pos = 0;
        var trimNextText = false;
        while (pos < template.Length)
        {
            var open = template.IndexOf("{{", pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? template.Length : open;
            var text = template[pos..textEnd];
            if (trimNextText)
            {
                text = text.TrimStart();
            }

            if (open < 0)
            {
                output.Append(text);
                break;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return false; // unclosed action
            }

            var action = template[(open + 2)..close];
            if (action.Length >= 2 && action[0] == '-' && char.IsWhiteSpace(action[1]))
            {
                text = text.TrimEnd();
                action = action[2..];
            }

            trimNextText = false;
            if (action.Length >= 2 && action[^1] == '-' && char.IsWhiteSpace(action[^2]))
            {
                trimNextText = true;
                action = action[..^2];
            }

            output.Append(text);
            if (!TryEvaluate(action.Trim(), data, output))
            {
                return false;
            }

            pos = close + 2;
        }

        result = output.ToString();
        return true;
    }

    private static bool TryEvaluate(string action, IReadOnlyDictionary<string, string>? data, StringBuilder output)
    {
        if (action.Length == 0)
        {
            return false; // Go: missing value for command
        }

        if (action.StartsWith("/*", StringComparison.Ordinal))
        {
            return action.EndsWith("*/", StringComparison.Ordinal) && action.Length >= 4;
        }

        if (action == ".")
        {
            AppendGoMap(data, output);
            return true;
        }

        if (action[0] == '.')
        {
            var key = action[1..];
            if (!IsIdentifier(key))
            {
                return false;
            }

            output.Append(data is not null && data.TryGetValue(key, out var value) ? value : NoValue);
            return true;
        }

        if (action.StartsWith("index", StringComparison.Ordinal))
        {
            return TryIndex(action, data, output);
        }

        return false;
    }

    private static bool TryIndex(string action, IReadOnlyDictionary<string, string>? data, StringBuilder output)
    {
        var rest = action["index".Length..];
        if (rest.Length == 0 || !char.IsWhiteSpace(rest[0]))
        {
            return false;
        }

        rest = rest.TrimStart();
        if (rest.Length < 2 || rest[0] != '.' || !char.IsWhiteSpace(rest[1]))
        {
            return false;
        }

        var literal = rest[1..].Trim();
        if (!TryUnquote(literal, out var key))
        {
            return false;
        }

        output.Append(data is not null && data.TryGetValue(key, out var value) ? value : string.Empty);
        return true;
    }

    private static bool TryUnquote(string literal, out string value)
    {
        value = string.Empty;
        if (literal.Length < 2)
        {
            return false;
        }

        if (literal[0] == '`' && literal[^1] == '`')
        {
            value = literal[1..^1];
            return !value.Contains('`', StringComparison.Ordinal);
        }

        if (literal[0] != '"' || literal[^1] != '"')
        {
            return false;
        }

        var sb = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c == '"')
            {
                return false;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= literal.Length - 1)
            {
                return false;
            }

            switch (literal[i])
            {
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                default: return false;
            }
        }

        value = sb.ToString();
        return true;
    }

    private static bool IsIdentifier(string key)
    {
        if (key.Length == 0 || char.IsDigit(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c != '_' && !char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendGoMap(IReadOnlyDictionary<string, string>? data, StringBuilder output)
    {
        output.Append("map[");
        if (data is not null)
        {
            var first = true;
            foreach (var key in data.Keys.Order(StringComparer.Ordinal))
            {
                if (!first)
                {
                    output.Append(' ');
                }

                first = false;
                output.Append(CultureInfo.InvariantCulture, $"{key}:{data[key]}");
            }
        }

        output.Append(']');
    }
}
