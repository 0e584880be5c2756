using Nsm.Api.Registry;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Reads <see cref="NetworkService"/> definitions from YAML or JSON, and writes the CRD JSON form.
/// </summary>
/// <remarks>
/// <para><b>Accepted shapes.</b> A bare spec (<c>name</c>, <c>payload</c>, <c>matches</c>, <c>path_ids</c>) or a
/// Kubernetes object (<c>apiVersion: networkservicemesh.io/v1</c>, <c>kind: NetworkService</c>, <c>metadata.name</c>,
/// <c>spec</c>). Field names ignore case, <c>_</c> and <c>-</c>, so snake_case (<c>source_selector</c>, CRD/Go JSON)
/// and camelCase (<c>sourceSelector</c>, protojson and the user guide) are both read. Label keys are kept verbatim.</para>
/// <para><b>Upstream match form.</b> <c>matches[].source_selector</c>, <c>routes[].destination_selector</c>
/// (+ <c>weight</c>), <c>fallthrough</c>, <c>metadata.labels</c>, exactly as the proto.</para>
/// <para><b>Guide match form</b> (mapped onto the same proto):</para>
/// <list type="bullet">
/// <item>A match-level <c>destinationSelector: {...}</c> selects endpoints by label, so it becomes a route's
/// <c>destination_selector</c>.</item>
/// <item><c>route:</c> items <c>{destination: {...}}</c> or <c>{via: {...}}</c> whose value is a mapping add one
/// route each, in order; the mapping is the selector (or its <c>destinationSelector</c> entry, the NSM v0 shape), merged
/// over the match-level selector. A <c>via</c> hop is the endpoint NSM connects the client to, so it is selected like
/// a destination.</item>
/// <item>A scalar <c>via</c>/<c>destination</c> naming a service (<c>via: firewall-service</c>) makes the match a
/// service chain (<see cref="ServiceChain"/>): one hop per item, in order. A scalar that is an address or CIDR
/// (<c>destination: 10.100.1.0/24</c>) has no endpoint-selection meaning (addresses come from the endpoint's IPAM):
/// it is ignored with a warning.</item>
/// <item>When a guide-form match yields no route at all (<c>route: []</c> or only scalar items), it gets one route with
/// the match-level selector (empty = any endpoint of the service), so the match selects instead of selecting nothing.
/// The upstream form <c>routes: []</c> keeps upstream semantics (no candidates).</item>
/// </list>
/// <para>Unknown keys are ignored and reported through the optional warnings collection.</para>
/// </remarks>
public static class NetworkServiceDocument
{
    /// <summary>The CRD kind.</summary>
    public const string Kind = "NetworkService";

    /// <summary>Reads exactly one network service.</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="warnings">Receives notes about ignored content; may be <see langword="null"/>.</param>
    /// <returns>The network service.</returns>
    /// <exception cref="RegistryDocumentException">The text is malformed or does not hold exactly one document.</exception>
    public static NetworkService Parse(string text, ICollection<string>? warnings = null)
    {
        var all = ParseAll(text, warnings);
        return all.Count == 1
            ? all[0]
            : throw new RegistryDocumentException($"expected one NetworkService document but found {all.Count}");
    }

    /// <summary>Reads every network service of a multi-document YAML stream or a JSON object or array.</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="warnings">Receives notes about ignored content; may be <see langword="null"/>.</param>
    /// <returns>The network services, in document order.</returns>
    /// <exception cref="RegistryDocumentException">The text is malformed.</exception>
    public static IReadOnlyList<NetworkService> ParseAll(string text, ICollection<string>? warnings = null)
    {
        var result = new List<NetworkService>();
        foreach (var node in DocumentTree.Load(text))
        {
            var root = node as DocumentObject ?? throw new RegistryDocumentException("a NetworkService document must be a mapping");
            result.Add(FromObject(root, warnings));
        }

        return result;
    }

    /// <summary>Writes the spec as Go <c>encoding/json</c> would (snake_case keys, empty fields omitted, sorted map keys).</summary>
    /// <param name="networkService">The network service.</param>
    /// <returns>The JSON text.</returns>
    public static string ToSpecJson(NetworkService networkService)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        return SpecJson.Write(writer => SpecJson.WriteNetworkService(writer, networkService));
    }

    /// <summary>Writes the Kubernetes object (<c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>, <c>spec</c>).</summary>
    /// <param name="networkService">The network service; its name is the object name.</param>
    /// <returns>The JSON text.</returns>
    public static string ToCrdJson(NetworkService networkService)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        return SpecJson.Write(writer => SpecJson.WriteCrd(writer, Kind, networkService.Name,
            w => SpecJson.WriteNetworkService(w, networkService)));
    }

    private static NetworkService FromObject(DocumentObject root, ICollection<string>? warnings)
    {
        var (spec, metadataName) = CrdEnvelope.Unwrap(root, Kind, warnings);
        foreach (var unknown in spec.UnknownKeys("name", "payload", "matches", "pathids"))
        {
            warnings?.Add($"{unknown}: ignored");
        }

        var ns = new NetworkService
        {
            Name = CrdEnvelope.ResolveName(metadataName, spec.GetString("name") ?? string.Empty, spec.Path, warnings),
            Payload = spec.GetString("payload") ?? string.Empty,
        };
        ns.PathIds.Add(ReadStrings(spec, "pathids"));
        foreach (var item in spec.GetList("matches") ?? [])
        {
            var matchObject = item as DocumentObject ?? throw spec.Error("matches", "items must be mappings");
            ns.Matches.Add(ReadMatch(matchObject, warnings));
        }

        return ns;
    }

    private static Match ReadMatch(DocumentObject obj, ICollection<string>? warnings)
    {
        foreach (var unknown in obj.UnknownKeys("sourceselector", "routes", "fallthrough", "metadata", "destinationselector", "route"))
        {
            warnings?.Add($"{unknown}: ignored");
        }

        var match = new Match { Fallthrough = obj.GetBool("fallthrough") ?? false };
        AddAll(match.SourceSelector, obj.GetLabels("sourceselector"));
        foreach (var item in obj.GetList("routes") ?? [])
        {
            var routeObject = item as DocumentObject ?? throw obj.Error("routes", "items must be mappings");
            match.Routes.Add(ReadDestination(routeObject, warnings));
        }

        if (obj.TryGet("metadata", out var metadataNode))
        {
            var metadata = new Metadata();
            if (metadataNode is not null)
            {
                var metadataObject = metadataNode as DocumentObject ?? throw obj.Error("metadata", "must be a mapping");
                AddAll(metadata.Labels, metadataObject.GetLabels("labels"));
            }

            match.Metadata = metadata;
        }

        if (obj.Has("destinationselector") || obj.Has("route"))
        {
            AddGuideRoutes(obj, match, warnings);
        }

        return match;
    }

    private static Destination ReadDestination(DocumentObject obj, ICollection<string>? warnings)
    {
        foreach (var unknown in obj.UnknownKeys("destinationselector", "weight"))
        {
            warnings?.Add($"{unknown}: ignored");
        }

        var destination = new Destination { Weight = checked((uint)(obj.GetInt64("weight") ?? 0)) };
        AddAll(destination.DestinationSelector, obj.GetLabels("destinationselector"));
        return destination;
    }

    private static void AddGuideRoutes(DocumentObject obj, Match match, ICollection<string>? warnings)
    {
        var baseSelector = obj.GetLabels("destinationselector") ?? [];
        var added = 0;
        foreach (var item in obj.GetList("route") ?? [])
        {
            var routeItem = item as DocumentObject ?? throw obj.Error("route", "items must be mappings");
            foreach (var unknown in routeItem.UnknownKeys("destination", "via", "destinationselector", "weight"))
            {
                warnings?.Add($"{unknown}: ignored");
            }

            foreach (var hop in new[] { "destination", "via", "destinationselector" })
            {
                if (!routeItem.TryGet(hop, out var value) || value is null)
                {
                    continue;
                }

                if (value is DocumentObject selectorObject)
                {
                    var selector = hop != "destinationselector" && selectorObject.Has("destinationselector")
                        ? selectorObject.GetLabels("destinationselector") ?? []
                        : selectorObject.AsLabels();
                    var destination = new Destination { Weight = checked((uint)(routeItem.GetInt64("weight") ?? 0)) };
                    AddAll(destination.DestinationSelector, baseSelector);
                    AddAll(destination.DestinationSelector, selector);
                    match.Routes.Add(destination);
                    added++;
                }
                else if (hop != "destinationselector" && value is string service && ServiceChain.IsServiceName(service))
                {
                    match.Routes.Add(ServiceChain.Hop(service, isDestination: hop == "destination"));
                    added++;
                }
                else
                {
                    warnings?.Add($"{routeItem.Path}.{hop}: '{value}' is neither an endpoint selector nor a service name; ignored");
                }
            }
        }

        if (added == 0 && match.Routes.Count == 0)
        {
            var destination = new Destination();
            AddAll(destination.DestinationSelector, baseSelector);
            match.Routes.Add(destination);
        }
    }

    internal static IEnumerable<string> ReadStrings(DocumentObject obj, string field)
    {
        foreach (var item in obj.GetList(field) ?? [])
        {
            yield return item as string ?? throw obj.Error(field, "items must be scalars");
        }
    }

    internal static void AddAll(IDictionary<string, string> target, IReadOnlyDictionary<string, string>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }
}
