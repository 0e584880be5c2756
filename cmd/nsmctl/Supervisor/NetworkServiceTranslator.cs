using System.Text.Json.Nodes;
using Nsm.Api.Registry;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Sdk.Api;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Turns a NetworkService manifest into the registry's record. Upstream's spec (<c>matches[].source_selector</c>,
/// <c>routes[].destination_selector</c>, also camelCase) is taken as written. The guide's form
/// (<c>sourceSelector</c>, <c>destinationSelector</c>, <c>route: [destination: CIDR]</c>) becomes a match whose
/// destination selector is kept only if some endpoint pod carries those labels; otherwise every endpoint of the
/// service is used and one warning says so (the guide's Simple L3 selects <c>app: server</c> while its NSE is
/// <c>app: nse-isolated</c>). Route items naming services (<c>via: firewall-service</c>, <c>destination:
/// application-network</c>) make the match a service chain (<see cref="ServiceChain"/>).
/// </summary>
internal static class NetworkServiceTranslator
{
    public static NetworkService ToRegistry(string name, JsonObject manifest, Func<IReadOnlyDictionary<string, string>, bool> anyEndpointHas, List<string> warnings)
    {
        var spec = manifest["spec"] as JsonObject ?? [];
        var ns = new NetworkService { Name = name, Payload = Json.String(spec["payload"]) ?? "ETHERNET" };
        foreach (var m in Json.Objects(spec["matches"]))
        {
            var match = new Match();
            foreach (var (k, v) in Json.Map(m["source_selector"] ?? m["sourceSelector"]))
            {
                match.SourceSelector[k] = v;
            }

            match.Fallthrough = Json.Bool(m["fallthrough"]);
            foreach (var r in Json.Objects(m["routes"]))
            {
                var d = new Destination { Weight = (uint)(Json.Int(r["weight"]) ?? 0) };
                foreach (var (k, v) in Json.Map(r["destination_selector"] ?? r["destinationSelector"]))
                {
                    d.DestinationSelector[k] = v;
                }

                match.Routes.Add(d);
            }

            if (m["destinationSelector"] is JsonObject guide)
            {
                var selector = Json.Map(guide);
                if (selector.Count > 0 && anyEndpointHas(selector))
                {
                    var d = new Destination();
                    foreach (var (k, v) in selector)
                    {
                        d.DestinationSelector[k] = v;
                    }

                    match.Routes.Add(d);
                }
                else if (selector.Count > 0)
                {
                    warnings.Add($"networkservice {name}: destinationSelector {string.Join(',', selector.Select(kv => kv.Key + "=" + kv.Value))} selects no endpoint; every endpoint of the service is used");
                }
            }

            // The guide's chain: route items `via: SERVICE` and `destination: SERVICE`, in order (a CIDR is no hop).
            foreach (var item in Json.Objects(m["route"]))
            {
                foreach (var (key, isDestination) in new[] { ("via", false), ("destination", true) })
                {
                    if (Json.String(item[key]) is { } hop && ServiceChain.IsServiceName(hop))
                    {
                        match.Routes.Add(ServiceChain.Hop(hop, isDestination));
                    }
                }
            }

            // A guide-form match (destinationSelector / route, no upstream routes) that selected nothing still
            // offers its source every endpoint of the service: an empty destination selector matches them all.
            if (match.Routes.Count == 0 && m["routes"] is null && (m["destinationSelector"] is not null || m["route"] is not null))
            {
                match.Routes.Add(new Destination());
            }

            ns.Matches.Add(match);
        }

        return ns;
    }
}
