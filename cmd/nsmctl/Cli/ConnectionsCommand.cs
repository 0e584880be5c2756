using Nsm.Cmd.Nsmctl.Supervisor;
using System.CommandLine;
using Nsm.Cmd.Nsmctl.Mesh;
using Nsm.Cmd.Nsmctl.Output;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl connections [-o wide] [--node worker-2]</c>: a node's nsmgr's connections (service, endpoint, path, addresses, state).</summary>
internal static class ConnectionsCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "wide: also the path and mechanism" };
        var node = new Option<string>("--node") { Description = "Whose nsmgr to ask (up --nodes N)", DefaultValueFactory = _ => "worker-1" };
        var command = new Command("connections", "List a node's NSM connections (from its nsmgr's monitor stream)") { output, node };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            using var identity = MeshClientIdentity.Load(context.Layout.Spire, TimeProvider.System);
            var connections = await ConnectionMonitor.ListAsync(context.Layout.NsmgrSocketOf(parse.GetValue(node)!), identity, TimeSpan.FromSeconds(5), ct);
            if (connections.Count == 0)
            {
                await Console.Error.WriteLineAsync("No connections found.");
                return 0;
            }

            var wide = parse.GetValue(output) == "wide";
            string[] headers = wide
                ? ["ID", "SERVICE", "CLIENT", "ENDPOINT", "SRC", "DST", "STATE", "MECHANISM", "PATH"]
                : ["ID", "SERVICE", "CLIENT", "ENDPOINT", "SRC", "DST", "STATE"];
            var rows = connections.Select(c =>
            {
                var segments = c.Path?.PathSegments ?? [];
                IReadOnlyList<string> basic =
                [
                    segments.Count > 0 ? segments[0].Id : c.Id,
                    c.NetworkService,
                    segments.Count > 0 ? segments[0].Name : "",
                    c.NetworkServiceEndpointName,
                    string.Join(',', c.Context?.IpContext?.SrcIpAddrs ?? []),
                    string.Join(',', c.Context?.IpContext?.DstIpAddrs ?? []),
                    c.State.ToString(),
                ];
                return wide ? (IReadOnlyList<string>)[.. basic, c.Mechanism?.Type ?? "", string.Join(" → ", segments.Select(s => s.Name))] : basic;
            }).ToList();
            Console.Out.Write(Table.Render(headers, rows));
            return 0;
        }));
        return command;
    }
}
