using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Reads <see cref="NetworkServiceEndpoint"/> records from YAML or JSON, and writes the CRD JSON form (wire.md §2.6).
/// </summary>
/// <remarks>
/// Accepts a bare spec or a Kubernetes object (<c>kind: NetworkServiceEndpoint</c>, <c>metadata.name</c>, <c>spec</c>).
/// Field names ignore case, <c>_</c> and <c>-</c> (so <c>network_service_names</c> and <c>networkServiceNames</c> are
/// equal). <c>network_service_labels</c> values are <c>{labels: {...}}</c>; a plain label map without the
/// <c>labels</c> wrapper is accepted too. Timestamps are <c>{seconds, nanos}</c> objects (Go JSON) or RFC 3339 strings
/// (protojson).
/// </remarks>
public static class NetworkServiceEndpointDocument
{
    /// <summary>The CRD kind.</summary>
    public const string Kind = "NetworkServiceEndpoint";

    /// <summary>Reads exactly one endpoint.</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="warnings">Receives notes about ignored content; may be <see langword="null"/>.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="RegistryDocumentException">The text is malformed or does not hold exactly one document.</exception>
    public static NetworkServiceEndpoint Parse(string text, ICollection<string>? warnings = null)
    {
        var all = ParseAll(text, warnings);
        return all.Count == 1
            ? all[0]
            : throw new RegistryDocumentException($"expected one NetworkServiceEndpoint document but found {all.Count}");
    }

    /// <summary>Reads every endpoint of a multi-document YAML stream or a JSON object or array.</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="warnings">Receives notes about ignored content; may be <see langword="null"/>.</param>
    /// <returns>The endpoints, in document order.</returns>
    /// <exception cref="RegistryDocumentException">The text is malformed.</exception>
    public static IReadOnlyList<NetworkServiceEndpoint> ParseAll(string text, ICollection<string>? warnings = null)
    {
        var result = new List<NetworkServiceEndpoint>();
        foreach (var node in DocumentTree.Load(text))
        {
            var root = node as DocumentObject
                ?? throw new RegistryDocumentException("a NetworkServiceEndpoint document must be a mapping");
            result.Add(FromObject(root, warnings));
        }

        return result;
    }

    /// <summary>Writes the spec as Go <c>encoding/json</c> would (snake_case keys, empty fields omitted, sorted map keys).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The JSON text.</returns>
    public static string ToSpecJson(NetworkServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return SpecJson.Write(writer => SpecJson.WriteEndpoint(writer, endpoint));
    }

    /// <summary>Writes the Kubernetes object (<c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>, <c>spec</c>).</summary>
    /// <param name="endpoint">The endpoint; its name is the object name.</param>
    /// <returns>The JSON text.</returns>
    public static string ToCrdJson(NetworkServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return SpecJson.Write(writer => SpecJson.WriteCrd(writer, Kind, endpoint.Name,
            w => SpecJson.WriteEndpoint(w, endpoint)));
    }

    private static NetworkServiceEndpoint FromObject(DocumentObject root, ICollection<string>? warnings)
    {
        var (spec, metadataName) = CrdEnvelope.Unwrap(root, Kind, warnings);
        foreach (var unknown in spec.UnknownKeys(
                     "name", "networkservicenames", "networkservicelabels", "url", "expirationtime", "initialregistrationtime", "pathids"))
        {
            warnings?.Add($"{unknown}: ignored");
        }

        var nse = new NetworkServiceEndpoint
        {
            Name = CrdEnvelope.ResolveName(metadataName, spec.GetString("name") ?? string.Empty, spec.Path, warnings),
            Url = spec.GetString("url") ?? string.Empty,
            ExpirationTime = ReadTimestamp(spec, "expirationtime"),
            InitialRegistrationTime = ReadTimestamp(spec, "initialregistrationtime"),
        };
        nse.NetworkServiceNames.Add(NetworkServiceDocument.ReadStrings(spec, "networkservicenames"));
        nse.PathIds.Add(NetworkServiceDocument.ReadStrings(spec, "pathids"));
        foreach (var (service, value) in spec.GetObject("networkservicelabels")?.Entries ?? [])
        {
            var set = new NetworkServiceLabels();
            if (value is DocumentObject labelsObject)
            {
                var labels = labelsObject.Has("labels") && labelsObject.Entries.Count == 1
                    ? labelsObject.GetLabels("labels")
                    : labelsObject.AsLabels();
                NetworkServiceDocument.AddAll(set.Labels, labels);
            }
            else if (value is not null)
            {
                throw new RegistryDocumentException($"{spec.Path}.network_service_labels.{service}: must be a mapping");
            }

            nse.NetworkServiceLabels[service] = set;
        }

        return nse;
    }

    private static Timestamp? ReadTimestamp(DocumentObject obj, string field)
    {
        if (!obj.TryGet(field, out var value) || value is null)
        {
            return null;
        }

        if (value is DocumentObject timestamp)
        {
            var nanos = timestamp.GetInt64("nanos") ?? 0;
            if (nanos is < 0 or >= 1_000_000_000)
            {
                throw timestamp.Error("nanos", "must be in [0, 999999999]");
            }

            return new Timestamp { Seconds = timestamp.GetInt64("seconds") ?? 0, Nanos = (int)nanos };
        }

        if (value is string text &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return Timestamp.FromDateTimeOffset(parsed);
        }

        throw obj.Error(field, "must be {seconds, nanos} or an RFC 3339 time");
    }
}
