using System.Globalization;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// A mapping node. Field lookups ignore case, <c>_</c> and <c>-</c>, so <c>source_selector</c>, <c>sourceSelector</c>
/// and <c>SourceSelector</c> are the same field; <see cref="Entries"/> keeps raw keys for label maps.
/// </summary>
internal sealed class DocumentObject
{
    private readonly Dictionary<string, KeyValuePair<string, object?>> _fields = new(StringComparer.Ordinal);

    public DocumentObject(IEnumerable<KeyValuePair<string, object?>> entries, string path)
    {
        Path = path;
        Entries = [.. entries];
        foreach (var entry in Entries)
        {
            var normalized = Normalize(entry.Key);
            if (!_fields.TryAdd(normalized, entry))
            {
                throw new RegistryDocumentException(
                    $"{path}: '{entry.Key}' repeats the field '{_fields[normalized].Key}'");
            }
        }
    }

    public string Path { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Entries { get; }

    public bool Has(string field) => _fields.ContainsKey(field);

    public bool TryGet(string field, out object? value)
    {
        if (_fields.TryGetValue(field, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public string? GetString(string field)
    {
        if (!TryGet(field, out var value) || value is null)
        {
            return null;
        }

        return value as string ?? throw Error(field, "must be a scalar");
    }

    public DocumentObject? GetObject(string field)
    {
        if (!TryGet(field, out var value) || value is null)
        {
            return null;
        }

        return value as DocumentObject ?? throw Error(field, "must be a mapping");
    }

    public List<object?>? GetList(string field)
    {
        if (!TryGet(field, out var value) || value is null)
        {
            return null;
        }

        return value as List<object?> ?? throw Error(field, "must be a list");
    }

    public bool? GetBool(string field)
    {
        var text = GetString(field);
        if (text is null)
        {
            return null;
        }

        return bool.TryParse(text, out var result) ? result : throw Error(field, $"'{text}' is not a boolean");
    }

    public long? GetInt64(string field)
    {
        var text = GetString(field);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Error(field, $"'{text}' is not an integer");
    }

    /// <summary>Reads a <c>string → string</c> map, keeping raw keys; <see langword="null"/> values become <c>""</c>.</summary>
    public Dictionary<string, string>? GetLabels(string field)
    {
        var map = GetObject(field);
        if (map is null)
        {
            return TryGet(field, out _) ? [] : null;
        }

        return map.AsLabels();
    }

    public Dictionary<string, string> AsLabels()
    {
        var labels = new Dictionary<string, string>(Entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Entries)
        {
            labels[key] = value switch
            {
                null => string.Empty,
                string s => s,
                _ => throw new RegistryDocumentException($"{Path}.{key}: label values must be scalars"),
            };
        }

        return labels;
    }

    public IEnumerable<string> UnknownKeys(params string[] known) =>
        Entries.Where(e => Array.IndexOf(known, Normalize(e.Key)) < 0).Select(e => $"{Path}.{e.Key}");

    public RegistryDocumentException Error(string field, string message) =>
        new($"{Path}.{(_fields.TryGetValue(field, out var entry) ? entry.Key : field)}: {message}");

    public static string Normalize(string key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var length = 0;
        foreach (var c in key)
        {
            if (c is not '_' and not '-')
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }
}
