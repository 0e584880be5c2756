using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>
/// Converts YAML documents to JSON trees with Kubernetes' scalar rules: plain <c>true</c>/<c>false</c>, numbers and
/// <c>null</c>/<c>~</c> are typed, quoted scalars stay strings (so <c>"2"</c> in a label stays a string).
/// Uses YamlDotNet's representation model only, which needs no reflection (AOT-safe).
/// </summary>
internal static class YamlToJson
{
    public static List<JsonNode?> ParseAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => Convert(d.RootNode)).ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => Mapping(m),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => null,
    };

    private static JsonObject Mapping(YamlMappingNode m)
    {
        var o = new JsonObject();
        foreach (var (key, value) in m.Children)
        {
            var name = key is YamlScalarNode k ? k.Value ?? "" : throw new YamlException(key.Start, key.End, "mapping keys must be scalars");
            o[name] = Convert(value);
        }

        return o;
    }

    private static JsonValue? Scalar(YamlScalarNode s)
    {
        var value = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (value.Contains('.', StringComparison.Ordinal) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !value.EndsWith('.'))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }
}
