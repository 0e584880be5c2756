using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nsm.Sdk.Api;

/// <summary>
/// The registry path carried in the gRPC metadata key <see cref="MetadataKey"/> on Register and Unregister
/// (request metadata and response header), JSON-encoded exactly as Go's <c>encoding/json</c> does:
/// <c>{"Index":0,"PathSegments":[{"token":"..."}]}</c>, with <c>"PathSegments":null</c> when empty.
/// </summary>
public sealed class RegistryPath
{
    /// <summary>The gRPC metadata key.</summary>
    public const string MetadataKey = "path";

    /// <summary>Index of the current hop.</summary>
    public uint Index { get; set; }

    /// <summary>The hops, oldest first.</summary>
    public IList<RegistryPathSegment> PathSegments { get; } = [];

    /// <summary>A deep copy.</summary>
    public RegistryPath Clone()
    {
        var clone = new RegistryPath { Index = Index };
        foreach (var segment in PathSegments)
        {
            clone.PathSegments.Add(new RegistryPathSegment(segment.Token));
        }

        return clone;
    }

    /// <summary>Serializes as Go's <c>encoding/json</c> (including its HTML-safe string escaping).</summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append("{\"Index\":").Append(Index.ToString(CultureInfo.InvariantCulture)).Append(",\"PathSegments\":");
        if (PathSegments.Count == 0)
        {
            sb.Append("null");
        }
        else
        {
            sb.Append('[');
            for (var i = 0; i < PathSegments.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append("{\"token\":");
                GoJsonString.Append(sb, PathSegments[i].Token);
                sb.Append('}');
            }

            sb.Append(']');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Parses, throwing <see cref="FormatException"/> on malformed input.</summary>
    /// <param name="json">The metadata value.</param>
    public static RegistryPath FromJson(string json) =>
        TryFromJson(json, out var path) ? path : throw new FormatException("invalid registry path JSON");

    /// <summary>
    /// Parses the way Go's <c>encoding/json</c> decodes into the path struct: keys match case-insensitively
    /// (<c>index</c>, <c>pathSegments</c>, <c>Token</c>), unknown keys are ignored, JSON <c>null</c> leaves a field empty,
    /// the last duplicate wins. A wrong value type or an index outside uint32 is an error.
    /// </summary>
    /// <param name="json">The metadata value.</param>
    /// <param name="path">The parsed path.</param>
    public static bool TryFromJson([NotNullWhen(true)] string? json, [NotNullWhen(true)] out RegistryPath? path)
    {
        path = null;
        if (json is null)
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var result = new RegistryPath();
            if (doc.RootElement.ValueKind == JsonValueKind.Null)
            {
                path = result;
                return true;
            }

            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (Is(property, "Index"))
                {
                    if (!TryReadIndex(property.Value, result))
                    {
                        return false;
                    }
                }
                else if (Is(property, "PathSegments") && !TryReadSegments(property.Value, result))
                {
                    return false;
                }
            }

            path = result;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadIndex(JsonElement value, RegistryPath result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Number when value.TryGetUInt32(out var index):
                result.Index = index;
                return true;
            default:
                return false;
        }
    }

    private static bool TryReadSegments(JsonElement value, RegistryPath result)
    {
        result.PathSegments.Clear();
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            var segment = new RegistryPathSegment();
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in item.EnumerateObject())
                {
                    if (!Is(property, "token"))
                    {
                        continue;
                    }

                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        segment.Token = property.Value.GetString()!;
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        return false;
                    }
                }
            }
            else if (item.ValueKind != JsonValueKind.Null)
            {
                return false;
            }

            result.PathSegments.Add(segment);
        }

        return true;
    }
}
