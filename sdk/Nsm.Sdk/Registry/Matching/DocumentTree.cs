using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Loads YAML or JSON text into a neutral tree: <see cref="DocumentObject"/>, <see cref="List{T}"/> of nodes,
/// <see cref="string"/> scalars and <see langword="null"/>.
/// </summary>
internal static class DocumentTree
{
    public static List<object?> Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '['))
        {
            return LoadJson(text);
        }

        return LoadYaml(text);
    }

    private static List<object?> LoadJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = FromJson(document.RootElement, "$");
            return root is List<object?> list && document.RootElement.ValueKind == JsonValueKind.Array ? list : [root];
        }
        catch (JsonException e)
        {
            throw new RegistryDocumentException($"invalid JSON: {e.Message}", e);
        }
    }

    private static object? FromJson(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => new DocumentObject(
            element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value, $"{path}.{p.Name}"))),
            path),
        JsonValueKind.Array => element.EnumerateArray().Select((e, i) => FromJson(e, $"{path}[{i}]")).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    private static List<object?> LoadYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new RegistryDocumentException($"invalid YAML: {e.Message}", e);
        }

        var documents = new List<object?>();
        foreach (var document in stream.Documents)
        {
            var root = FromYaml(document.RootNode, "$");
            if (root is not null)
            {
                documents.Add(root);
            }
        }

        return documents;
    }

    private static object? FromYaml(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = new List<KeyValuePair<string, object?>>(mapping.Children.Count);
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new RegistryDocumentException($"{path}: mapping keys must be scalars");
                    }

                    entries.Add(new(key, FromYaml(valueNode, $"{path}.{key}")));
                }

                return new DocumentObject(entries, path);
            case YamlSequenceNode sequence:
                return sequence.Children.Select((child, i) => FromYaml(child, $"{path}[{i}]")).ToList();
            case YamlScalarNode scalar:
                if (scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL")
                {
                    return null;
                }

                return scalar.Value ?? string.Empty;
            default:
                throw new RegistryDocumentException($"{path}: unsupported YAML node {node.NodeType}");
        }
    }
}
