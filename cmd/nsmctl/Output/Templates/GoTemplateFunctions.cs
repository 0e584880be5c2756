using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>
/// The functions nsmctl's go-template has: Go's <c>index</c>, <c>len</c>, <c>not</c>, <c>and</c>, <c>or</c>, <c>eq</c>,
/// <c>ne</c>, and kubectl's <c>base64decode</c>. <c>and</c>/<c>or</c> evaluate their arguments lazily, as Go does.
/// </summary>
internal static class GoTemplateFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "and", "base64decode", "eq", "index", "len", "ne", "not", "or" };

    /// <summary>Calls <paramref name="name"/>; <paramref name="args"/> evaluates the i-th argument (of <paramref name="count"/>).</summary>
    public static JsonNode? Call(string name, int count, Func<int, JsonNode?> args)
    {
        switch (name)
        {
            case "and" or "or":
                Arity(name, count, 1, int.MaxValue);
                JsonNode? last = null;
                for (var i = 0; i < count; i++)
                {
                    last = args(i);
                    if (GoValues.Truth(last) == (name == "or"))
                    {
                        return last;
                    }
                }

                return last;
            case "not":
                Arity(name, count, 1, 1);
                return JsonValue.Create(!GoValues.Truth(args(0)));
            case "eq" or "ne":
                Arity(name, count, 2, name == "eq" ? int.MaxValue : 2);
                var first = args(0);
                var equal = Enumerable.Range(1, count - 1).Any(i => Equal(name, first, args(i)));
                return JsonValue.Create(equal == (name == "eq"));
            case "len":
                Arity(name, count, 1, 1);
                return JsonValue.Create((double)Length(args(0)));
            case "index":
                Arity(name, count, 1, int.MaxValue);
                var item = args(0);
                for (var i = 1; i < count; i++)
                {
                    item = Index(item, args(i));
                }

                return item;
            default:
                Arity(name, count, 1, 1);
                return JsonValue.Create(Base64Decode(args(0)));
        }
    }

    private static void Arity(string name, int count, int min, int max)
    {
        if (count < min || count > max)
        {
            throw new TemplateException($"wrong number of args for {name}: want {(min == max ? min.ToString(CultureInfo.InvariantCulture) : "at least " + min.ToString(CultureInfo.InvariantCulture))} got {count.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static bool Equal(string name, JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        var (ka, kb) = (Scalar(a), Scalar(b));
        if (ka is null || kb is null)
        {
            throw new TemplateException($"error calling {name}: non-comparable type {GoValues.TypeName(ka is null ? a : b)}");
        }

        if (ka != kb)
        {
            throw new TemplateException($"error calling {name}: incompatible types for comparison ({GoValues.TypeName(a)} and {GoValues.TypeName(b)})");
        }

        return ka switch
        {
            JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
            JsonValueKind.Number => GoValues.ToDouble(a) == GoValues.ToDouble(b),
            _ => a.GetValueKind() == b.GetValueKind(),
        };
    }

    private static JsonValueKind? Scalar(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => JsonValueKind.True,
        JsonValueKind.String => JsonValueKind.String,
        JsonValueKind.Number => JsonValueKind.Number,
        _ => null,
    };

    private static int Length(JsonNode? value) => value switch
    {
        null => throw new TemplateException("error calling len: len of nil pointer"),
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Encoding.UTF8.GetByteCount(v.GetValue<string>()),
        _ => throw new TemplateException($"error calling len: len of type {GoValues.TypeName(value)}"),
    };

    private static JsonNode? Index(JsonNode? item, JsonNode? key)
    {
        switch (item)
        {
            case null:
                throw new TemplateException("error calling index: index of untyped nil");
            case JsonObject o:
                if (key?.GetValueKind() != JsonValueKind.String)
                {
                    throw new TemplateException($"error calling index: value has type {GoValues.TypeName(key)}; should be string");
                }

                return o[key.GetValue<string>()];
            case JsonArray a:
                if (key?.GetValueKind() != JsonValueKind.Number || GoValues.ToDouble(key) is var d && d != Math.Floor(d))
                {
                    throw new TemplateException($"error calling index: cannot index slice/array with type {GoValues.TypeName(key)}");
                }

                var i = (long)GoValues.ToDouble(key);
                return i >= 0 && i < a.Count ? a[(int)i] : throw new TemplateException($"error calling index: index out of range: {i.ToString(CultureInfo.InvariantCulture)}");
            default:
                throw new TemplateException($"error calling index: can't index item of type {GoValues.TypeName(item)}");
        }
    }

    private static string Base64Decode(JsonNode? value)
    {
        if (value?.GetValueKind() != JsonValueKind.String)
        {
            throw new TemplateException($"error calling base64decode: expected a string, got {GoValues.TypeName(value)}");
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.GetValue<string>()));
        }
        catch (FormatException ex)
        {
            throw new TemplateException("error calling base64decode: base64 decode failed: " + ex.Message);
        }
    }
}
