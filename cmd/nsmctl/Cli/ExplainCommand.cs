using Nsm.Cmd.Nsmctl.Supervisor;
using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Nsm.Api.NetworkService;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Mesh;
using Nsm.Sdk.Api;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl explain POD|CONNECTION [-n NS]</c>: each connection of a pod (as client or endpoint) hop by hop, NSC →
/// nsmgr → forwarder → NSE, with the interfaces at both ends (state, MTU, addresses, routes) and why the endpoint
/// was chosen (the service's matches).
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "A pod (POD, deployments/NAME) or a connection id" };
        var ns = GlobalOptions.Namespace();
        var command = new Command("explain", "Explain a pod's NSM connections hop by hop") { target, ns };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var namespaceName = parse.GetValue(ns) ?? "default";
            var what = parse.GetValue(target)!;
            var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "pod", ["namespace"] = namespaceName, ["target"] = what }, ct);
            var pod = answer["pod"] as JsonObject;

            // The pod's node's nsmgr holds its connections (with one node: worker-1's).
            var node = Json.String(pod?["spec"]?["nodeName"]) ?? "worker-1";
            using var identity = MeshClientIdentity.Load(context.Layout.Spire, TimeProvider.System);
            var connections = await ConnectionMonitor.ListAsync(context.Layout.NsmgrSocketOf(node), identity, TimeSpan.FromSeconds(5), ct);
            var podName = pod is null ? null : Json.String(pod["metadata"]?["name"]);
            var mine = connections.Where(c =>
                c.Id == what || c.Path?.PathSegments.Any(s => s.Id == what) == true ||
                (podName is not null && (c.Path?.PathSegments.FirstOrDefault()?.Name == podName || c.NetworkServiceEndpointName == podName))).ToList();

            // Along a chain the nsmgr holds one connection per hop, each with the whole path: explain it once.
            mine = [.. mine.GroupBy(c => c.Path?.PathSegments.FirstOrDefault()?.Id ?? c.Id).Select(g => g.OrderBy(c => c.Path?.Index ?? 0).First())];
            if (mine.Count == 0)
            {
                throw new ManifestException(pod is null ? $"error: no pod or connection \"{what}\" in namespace {namespaceName}" : $"error: pod {podName} has no NSM connection (yet)");
            }

            var services = await GetCommand.FetchAsync(context, ResourceKind.NetworkService, null, [], null, ct);
            var pods = await GetCommand.FetchAsync(context, ResourceKind.Pod, null, [], null, ct);
            foreach (var c in mine)
            {
                Console.Out.Write(await ExplainAsync(c, services, pods, ct));
            }

            return 0;
        }));
        return command;
    }

    private static async Task<string> ExplainAsync(Connection c, List<JsonObject> services, List<JsonObject> pods, CancellationToken ct)
    {
        var sb = new StringBuilder();
        var segments = c.Path?.PathSegments.ToList() ?? [];
        sb.Append($"Connection {(segments.Count > 0 ? segments[0].Id : c.Id)}: service {c.NetworkService}, state {c.State}, payload {c.Payload}\n");
        var service = services.FirstOrDefault(s => Json.String(s["metadata"]?["name"]) == c.NetworkService);
        var endpointPod = pods.FirstOrDefault(p => Json.String(p["metadata"]?["name"]) == c.NetworkServiceEndpointName);
        sb.Append("  Endpoint chosen: ").Append(c.NetworkServiceEndpointName);
        sb.Append(service is null
            ? " (the service has no NetworkService object: every endpoint registered for it is a candidate)\n"
            : $" (NetworkService {c.NetworkService}: {Matches(service, endpointPod)}; endpoint labels {Labels(endpointPod)})\n");
        var roles = Roles(segments, service);
        if (roles.Chain is { } chain)
        {
            sb.Append("  Chain: ").Append(chain).Append('\n');
        }

        sb.Append("  Path:\n");

        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            var hopPod = pods.FirstOrDefault(p => Json.String(p["metadata"]?["name"]) == s.Name || (roles.Names[i] == "nsmgr" && Json.String(p["metadata"]?["name"])?.StartsWith("nsmgr-", StringComparison.Ordinal) == true));
            sb.Append($"    {i + 1}. {roles.Names[i],-9} {s.Name,-36} id {s.Id}{(s.Expires is { } e ? $", token expires {e.ToDateTimeOffset():HH:mm:ss}" : "")}");
            sb.Append(hopPod is null ? "\n" : $"  (pod {Json.String(hopPod["metadata"]?["namespace"])}/{Json.String(hopPod["metadata"]?["name"])})\n");
        }

        sb.Append($"  Mechanism: {c.Mechanism?.Cls} {c.Mechanism?.Type} {string.Join(' ', c.Mechanism?.Parameters.Select(kv => kv.Key + "=" + kv.Value) ?? [])}\n");
        sb.Append($"  Addresses: src {string.Join(',', c.Context?.IpContext?.SrcIpAddrs ?? [])} dst {string.Join(',', c.Context?.IpContext?.DstIpAddrs ?? [])}, MTU {(c.Context?.MTU is > 0 and var mtu ? mtu.ToString(System.Globalization.CultureInfo.InvariantCulture) : "not set (the interfaces' default)")}\n");
        var clientPod = segments.Count > 0 ? pods.FirstOrDefault(p => Json.String(p["metadata"]?["name"]) == segments[0].Name) : null;
        var device = c.Mechanism?.Parameters.GetValueOrDefault("name") ?? "nsm-1";
        if (System.IO.Path.GetFileName(Json.String(clientPod?["status"]?["networkNamespace"])) is { Length: > 0 } clientNetns && await InterfaceProbe.ReadAsync(clientNetns, device, ct) is { } local)
        {
            sb.Append(Describe("client", local));
            if (local.PeerNetns is { } peerNetns && local.PeerIndex is { } index && await InterfaceProbe.NameOfIndexAsync(peerNetns, index, ct) is { } peerName &&
                await InterfaceProbe.ReadAsync(peerNetns, peerName, ct) is { } remote)
            {
                sb.Append(Describe("endpoint", remote));
            }
        }
        else
        {
            sb.Append("  Interfaces: the client's interface is not visible from here\n");
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>
    /// Names each path segment's role. A chained path (nsmgr segments marked with the chain hop they picked) reads
    /// NSC, then nsmgr, forwarder and the hop's endpoint per hop (the forwarder's segment carries the marker); a plain one
    /// NSC, nsmgr, forwarder, NSE.
    /// </summary>
    private static (string[] Names, string? Chain) Roles(List<PathSegment> segments, JsonObject? service)
    {
        var names = segments.Count == 4 ? new[] { "NSC", "nsmgr", "forwarder", "NSE" } : [.. segments.Select(_ => "hop")];
        var hops = new List<string>();
        var match = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            if (ServiceChain.ReadMarker(segments[i]) is not { } marker)
            {
                continue;
            }

            // The forwarder's discover marks its own segment: nsmgr before it, the hop's endpoint after it.
            names[0] = "NSC";
            names[i] = "forwarder";
            match = marker.Match;
            if (i > 0)
            {
                names[i - 1] = "nsmgr";
            }

            if (i + 1 < segments.Count)
            {
                names[i + 1] = $"hop {marker.Hop + 1}";
                hops.Add(segments[i + 1].Name);
            }
        }

        if (hops.Count == 0)
        {
            return (names, null);
        }

        var route = Json.Objects(service?["spec"]?["matches"]).Skip(match).Select(m => Json.Objects(m["route"]).ToList()).FirstOrDefault() ?? [];
        var written = string.Join(" → ", route.Select(r => Json.String(r["via"]) is { } via ? "via " + via : "destination " + Json.String(r["destination"])));
        return (names, string.Join(" → ", hops) + (written.Length > 0 ? $" (route: {written})" : ""));
    }

    private static string Describe(string side, InterfaceProbe.Facts f) =>
        $"  Interface ({side}): {f.Name} in {f.Netns}: {f.State}, mtu {f.Mtu}, {string.Join(' ', f.Addresses)}\n" +
        string.Concat(f.Routes.Select(r => $"      route {r}\n"));

    private static string Matches(JsonObject service, JsonObject? endpointPod)
    {
        var endpointLabels = Json.Map(endpointPod?["metadata"]?["labels"]);
        var matches = Json.Objects(service["spec"]?["matches"]).ToList();
        if (matches.Count == 0)
        {
            return "no matches, every endpoint of the service qualifies";
        }

        return string.Join("; ", matches.Select(m =>
        {
            var src = Json.Map(m["sourceSelector"] ?? m["source_selector"]);
            var dst = Json.Map(m["destinationSelector"]);
            var fallback = dst.Count > 0 && !LabelSelector.FromMap(dst).Matches(endpointLabels) ? " (selects no endpoint: every endpoint of the service is used, the guide form's fallback)" : "";
            return $"source {(src.Count == 0 ? "any" : string.Join(',', src.Select(kv => kv.Key + "=" + kv.Value)))} → destination {(dst.Count == 0 ? "routes" : string.Join(',', dst.Select(kv => kv.Key + "=" + kv.Value)))}{fallback}";
        }));
    }

    private static string Labels(JsonObject? pod) =>
        pod is null ? "unknown" : string.Join(',', Json.Map(pod["metadata"]?["labels"]).Where(kv => kv.Key != "pod-template-hash").Select(kv => kv.Key + "=" + kv.Value));
}
