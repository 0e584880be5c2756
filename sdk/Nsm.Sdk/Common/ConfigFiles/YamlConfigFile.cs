using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Common;

/// <summary>
/// Reads the small YAML (or JSON) files elements watch (cluster info, excluded prefixes): the first document's
/// top-level mapping, its scalar values and scalar lists. Independent of the registry's document tree.
/// </summary>
internal static class YamlConfigFile
{
    /// <summary>Parses <paramref name="text"/> and returns its first document's root mapping.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="notMapping">The error message when the root is not a mapping.</param>
    /// <returns>The mapping, or <see langword="null"/> for an empty (or null) document.</returns>
    /// <exception cref="FormatException">The text is not YAML, or its root is not a mapping.</exception>
    public static YamlMappingNode? ReadMapping(string text, string notMapping)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML: {e.Message}", e);
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        return root is null || IsNull(root) ? null : root as YamlMappingNode ?? throw new FormatException(notMapping);
    }

    /// <summary>Gets the mapping's scalar values by key; other values (lists, mappings, nulls) are left out.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <returns>The scalar entries.</returns>
    public static Dictionary<string, string> Scalars(YamlMappingNode mapping)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode scalar && !IsNull(scalar))
            {
                map[name] = scalar.Value ?? string.Empty;
            }
        }

        return map;
    }

    /// <summary>Gets the scalars of the list under <paramref name="key"/>; a null scalar is <see langword="null"/>.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <param name="key">The list's key.</param>
    /// <returns>The items; empty when the key is missing or null.</returns>
    /// <exception cref="FormatException">The value is not a list, or an item is not a scalar.</exception>
    public static List<string?> ScalarList(YamlMappingNode mapping, string key)
    {
        if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) || IsNull(value))
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw new FormatException($"$.{key}: must be a list");
        }

        return [.. sequence.Children.Select((item, i) => item switch
        {
            YamlScalarNode scalar => IsNull(scalar) ? null : scalar.Value ?? string.Empty,
            _ => throw new FormatException($"$.{key}[{i}]: must be a scalar"),
        })];
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
