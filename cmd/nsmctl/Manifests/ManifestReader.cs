using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>
/// Reads the documents of <c>-f FILE|DIR|-</c>: multi-document YAML or JSON (an object, an array of objects or a
/// <c>kind: List</c>); a folder contributes its <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files in name order.
/// Empty documents are skipped; numbering runs over the whole apply.
/// </summary>
internal static class ManifestReader
{
    public static List<ManifestDocument> Read(IEnumerable<string> paths, TextReader stdin)
    {
        var documents = new List<ManifestDocument>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                Parse(stdin.ReadToEnd(), "-", documents);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path)
                             .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                             .Order(StringComparer.Ordinal))
                {
                    Parse(File.ReadAllText(file), file, documents);
                }
            }
            else if (File.Exists(path))
            {
                Parse(File.ReadAllText(path), path, documents);
            }
            else
            {
                throw new ManifestException($"the path \"{path}\" does not exist");
            }
        }

        return documents;
    }

    /// <summary>Parses one file's text, appending its documents.</summary>
    public static void Parse(string text, string source, List<ManifestDocument> into)
    {
        List<JsonNode?> nodes;
        try
        {
            var trimmed = text.TrimStart();
            nodes = trimmed.StartsWith('{') || trimmed.StartsWith('[') ? [JsonNode.Parse(text)] : YamlToJson.ParseAll(text);
        }
        catch (Exception ex) when (ex is JsonException or YamlException)
        {
            throw new ManifestException($"error parsing {source}: {ex.Message}");
        }

        foreach (var node in nodes)
        {
            Add(node, source, into);
        }
    }

    private static void Add(JsonNode? node, string source, List<ManifestDocument> into)
    {
        switch (node)
        {
            case null:
                return;
            case JsonArray array:
                foreach (var item in array)
                {
                    Add(item, source, into);
                }

                return;
            case JsonObject o when Json.String(o["kind"]) is "List" && o["items"] is JsonArray items:
                Add(items, source, into);
                return;
            case JsonObject o:
                into.Add(new ManifestDocument(into.Count, source, o.Parent is null ? o : (JsonObject)o.DeepClone()));
                return;
            default:
                throw new ManifestException($"error parsing {source}: document {into.Count} is not an object");
        }
    }
}
