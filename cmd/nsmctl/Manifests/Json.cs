using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>Small helpers over <see cref="JsonNode"/> trees (the manifest model is untyped JSON, which keeps nsmctl AOT-safe).</summary>
internal static class Json
{
    /// <summary>The node as a string when it is a scalar (numbers and booleans as YAML would print them).</summary>
    public static string? String(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    public static int? Int(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public static bool Bool(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>A string map (labels, selectors, config data); non-string values are converted, others skipped.</summary>
    public static Dictionary<string, string> Map(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (String(v) is { } s)
                {
                    map[k] = s;
                }
            }
        }

        return map;
    }

    public static JsonObject MapToObject(IEnumerable<KeyValuePair<string, string>> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map)
        {
            o[k] = v;
        }

        return o;
    }

    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>Gets or creates the object at <paramref name="key"/>.</summary>
    public static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o)
        {
            return o;
        }

        o = new JsonObject();
        parent[key] = o;
        return o;
    }

    public static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();
}
