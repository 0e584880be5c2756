using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl up [--nodes N] [--node-network CIDR] [--trust-domain TD | --insecure]</c>: starts the supervisor (the
/// nodes, the mesh's SPIFFE Workload API and the control plane in nsm-system) and waits until it is ready. With N ≥ 2
/// the nodes are network namespaces on a node network.
/// </summary>
internal static class UpCommand
{
    public static Option<int?> NodesOption() => new("--nodes")
    {
        Description = "How many nodes (worker-1…worker-N); 2 or more makes each a network namespace on the node network (default 1: the machine itself)",
    };

    public static Option<string?> NodeNetworkOption() => new("--node-network")
    {
        Description = $"The node network's IPv4 range with --nodes 2 or more (default {NodeNetworkOptions.DefaultRange}): the bridge takes .1, worker-k the (k+1)-th address",
    };

    /// <summary>The options that shape the nodes, shared by up and supervise.</summary>
    public sealed class NodeOptions
    {
        public Option<int?> Nodes { get; } = NodesOption();

        public Option<string?> Network { get; } = NodeNetworkOption();

        public Option<string?> SiteAddress { get; } = new("--site-address")
        {
            Description = "worker-1's IPv4 address/prefix on the site network between clusters (e.g. 203.0.113.50/24); the guide's nsm-config WireGuard tunnel runs from there",
        };

        public Option<string?> SiteBridge { get; } = new("--site-bridge")
        {
            Description = $"The root-namespace bridge of the site network, shared by the clusters of this machine (default {NodeNetworkOptions.DefaultSiteBridge}; made when missing)",
        };

        public Option<string[]> AddHost { get; } = new("--add-host")
        {
            Description = "NAME=ADDRESS resolved in every node and pod namespace (/etc/netns/<ns>/hosts), e.g. the nsm-config registry's name; repeatable",
        };

        public void AddTo(Command command)
        {
            command.Add(Nodes);
            command.Add(Network);
            command.Add(SiteAddress);
            command.Add(SiteBridge);
            command.Add(AddHost);
        }

        public NodeNetworkOptions Read(ParseResult parse) =>
            NodeNetworkOptions.Create(parse.GetValue(Nodes) ?? 1, parse.GetValue(Network))
                .WithSite(parse.GetValue(SiteAddress), parse.GetValue(SiteBridge), parse.GetValue(AddHost));
    }

    public static Command Create()
    {
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the control plane", DefaultValueFactory = _ => "60s" };
        var shape = new NodeOptions();
        var nodes = shape.Nodes;
        var security = new SecurityOptions();
        var command = new Command("up", "Start the nodes: the mesh's SPIFFE Workload API, then registry, nsmgr and the kernel forwarder as pods in nsm-system") { timeout };
        shape.AddTo(command);
        security.AddTo(command);
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var options = shape.Read(parse);
            var secured = security.Read(parse);
            if (context.Client.IsRunning)
            {
                var running = await context.Client.CallAsync(new JsonObject { ["verb"] = "ping" }, ct);
                var count = (running["nodes"] as JsonArray)?.Count ?? 1;
                if (parse.GetValue(nodes) is { } wanted && wanted != count)
                {
                    throw new ManifestException($"error: the supervisor of {context.Layout.Root} runs {count} node(s), not {wanted}: nsmctl down first");
                }

                if (security.Given(parse) && Json.String(running["security"]) is { } runs && runs != secured.ToString())
                {
                    throw new ManifestException($"error: the supervisor of {context.Layout.Root} runs {runs}, not {secured}: nsmctl down first");
                }
            }

            if (secured.Insecure)
            {
                Console.Error.WriteLine(SecurityOptions.InsecureWarning);
            }

            string[] args = [.. options.Arguments(), .. secured.Arguments()];
            await context.EnsureSupervisorAsync(ct, args);
            var ok = await WaitCommand.UntilAsync(context, "nsm-system", null, FieldSelector.Everything, TimeSpan.Zero + Duration.Parse(parse.GetValue(timeout)!), pods => pods.Count > 0 && pods.All(WaitCommand.IsReady), ct);
            var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "ping" }, ct);
            if (!ok)
            {
                throw new ManifestException($"error: the control plane is not ready; see nsmctl get pods -n nsm-system and nsmctl logs -n nsm-system (supervisor {Json.String(answer["id"])})");
            }

            var names = (answer["nodes"] as JsonArray ?? []).Select(Json.String).OfType<string>().ToList();
            var what = names.Count > 1 ? $"nodes {string.Join(", ", names)} are up on {Json.String(answer["nodeNetwork"])}" : "node worker-1 is up";
            Console.Out.WriteLine($"{what} (supervisor {Json.String(answer["id"])}, pid {Json.String(answer["pid"])}, state {context.Layout.Root}, identities {Json.String(answer["security"])})");
            return 0;
        }));
        return command;
    }
}
