using System.Globalization;
using System.Text.RegularExpressions;
using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Vlan;
using Nsm.Tests.Shared;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The guide's "Creating Layer 2 Network Services" as written (<c>examples/guide/l2</c>, unchanged, through nsmctl):
/// both clients get <c>nsm-1</c> without an address; with the guide's manual addresses (and IPv6 ones) they ping each
/// other and ARP reaches the other client. <c>NSM_VLAN_ID=100</c>: the test gives the NSE's pod an uplink
/// (<c>eth0</c>, a veth into a "lan" namespace with a bridge) once it runs; on it every frame leaving the NSE is tagged
/// 100, a host on VLAN 100 pings both clients and a host on VLAN 200 cannot. Afterwards nothing is left.
/// </summary>
public sealed partial class GuideL2Tests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "default";

    [RootFact]
    public async Task L2_bridge_clients_share_a_segment_that_leaves_the_nse_tagged_vlan_100()
    {
        var nsmctl = new Nsmctl(programs);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var lanName = "nsmt-lan-" + tag;
        string[] hostNames = ["nsmt-h100-" + tag, "nsmt-h200-" + tag];
        var created = new List<NetNs>();
        var taggers = new List<BpfVlanTagger>();
        var handles = new List<NetlinkHandle>(); // the taggers detach through theirs
        var programIds = new List<uint>();
        string? id = null;
        try
        {
            var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "l2"));
            Assert.Contains("networkservice.networkservicemesh.io/l2-bridge created", applied, StringComparison.Ordinal);
            Assert.Contains("deployment.apps/nse-l2-bridge created", applied, StringComparison.Ordinal);
            Assert.Contains("pod/l2-client-2 created", applied, StringComparison.Ordinal);
            id = nsmctl.SupervisorId;
            await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "l2-client-1", "l2-client-2", "--timeout=120s");

            // The guide: nsm-1 with no address until the user adds one.
            foreach (var client in new[] { "l2-client-1", "l2-client-2" })
            {
                var shown = await nsmctl.OkAsync("exec", client, "--", "ip", "addr", "show", "dev", "nsm-1");
                Assert.Contains("nsm-1", shown, StringComparison.Ordinal);
                Assert.DoesNotContain("inet ", shown, StringComparison.Ordinal);
            }

            // The guide's manual addresses (its bash block), and IPv6 ones: L2 services carry IPv6.
            foreach (var (client, v4, v6) in new[] { ("l2-client-1", "192.168.100.10/24", "fd00:100::10/64"), ("l2-client-2", "192.168.100.11/24", "fd00:100::11/64") })
            {
                await nsmctl.OkAsync("exec", client, "--", "ip", "addr", "add", v4, "dev", "nsm-1");
                await nsmctl.OkAsync("exec", client, "--", "ip", "link", "set", "nsm-1", "up");
                await nsmctl.OkAsync("exec", client, "--", "ip", "-6", "addr", "add", v6, "dev", "nsm-1", "nodad");
            }

            using var client2 = NetNs.Open(nsmctl.PodNetnsPath(Ns, "l2-client-2"));
            using (var heard = await CaptureAsync(client2, "nsm-1"))
            {
                await nsmctl.OkAsync("exec", "l2-client-1", "--", "ping", "-c", "1", "-w", "10", "192.168.100.11");
                Assert.Contains(heard.ReadAll(), f => f.EtherType == 0x0806); // client-1's ARP broadcast reached client-2
            }

            await nsmctl.OkAsync("exec", "l2-client-1", "--", "ping", "-c", "2", "-W", "2", "fd00:100::11");
            await nsmctl.OkAsync("exec", "l2-client-2", "--", "ping", "-c", "2", "-W", "2", "192.168.100.10");
            var nseLog = await nsmctl.OkAsync("logs", "deployments/nse-l2-bridge");
            Assert.Contains("waiting for uplink eth0", nseLog, StringComparison.Ordinal); // the pod has no eth0 yet

            // The uplink: eth0 in the NSE's pod, its peer in a "lan" with a bridge; h100 tags VLAN 100, h200 VLAN 200.
            using var nse = NetNs.Open(nsmctl.PodNetnsPath(Ns, "nse-l2-bridge"));
            var lan = await NetNs.CreateAsync(lanName);
            created.Add(lan);
            using var lanNl = await lan.OpenNetlinkAsync();
            await lanNl.AddLinkAsync(new BridgeLink("lanbr") { Up = true });
            using (var nseNl = await nse.OpenNetlinkAsync())
            {
                await nseNl.AddLinkAsync(new VethLink("eth0", "up0") { Namespace = nse, PeerNamespace = lan });
            }

            // The uplink keeps its own use (untagged, not the segment's): its IPv6 chatter is off so every frame captured below is the segment's.
            await nse.WriteSysctlAsync("net.ipv6.conf.eth0.disable_ipv6", "1");

            await lanNl.SetMasterAsync("up0", "lanbr");
            await lanNl.SetLinkUpAsync("up0");
            foreach (var (name, vlan, address) in new[] { (hostNames[0], 100, "192.168.100.50/24"), (hostNames[1], 200, "192.168.100.60/24") })
            {
                var host = await NetNs.CreateAsync(name);
                created.Add(host);
                var hostNl = await host.OpenNetlinkAsync();
                handles.Add(hostNl);
                await hostNl.AddLinkAsync(new VethLink("v0", "p" + vlan) { Namespace = host, PeerNamespace = lan, Up = true });
                await lanNl.SetMasterAsync("p" + vlan, "lanbr");
                await lanNl.SetLinkUpAsync("p" + vlan);
                await hostNl.AddAddressAsync("v0", NetlinkPrefix.Parse(address));
                taggers.Add(await BpfVlanTagger.AttachAsync(hostNl, "v0", vlan));
            }

            Assert.True(await WaitForLogAsync(nsmctl, "uplink eth0 attached as VLAN 100"), "the NSE attaches the uplink once it appears\n" + nsmctl.Diagnostics());
            var nsePod = nsmctl.PodNetns(Ns, "nse-l2-bridge");
            foreach (var (link, direction) in new[] { ("eth0", "ingress"), ("eth0", "egress"), ("eth0_100", "ingress") })
            {
                var filters = Mesh.RunTool("ip", $"netns exec {nsePod} tc filter show dev {link} {direction}", TimeSpan.FromSeconds(10));
                programIds.AddRange(ProgramId().Matches(filters).Select(m => uint.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
            }

            Assert.Equal(2, programIds.Count);
            List<CapturedFrame> frames;
            using (var wire = await CaptureAsync(lan, "up0"))
            {
                Mesh.RunTool("ip", $"netns exec {hostNames[0]} ping -c 1 -w 10 192.168.100.10", TimeSpan.FromSeconds(15));
                Mesh.RunTool("ip", $"netns exec {hostNames[0]} ping -c 2 -W 2 192.168.100.11", TimeSpan.FromSeconds(15));
                frames = wire.ReadAll();
            }

            Assert.Contains(frames, f => f.EtherType == 0x0800);
            Assert.All(frames, f => Assert.Equal((true, 0x8100, 100), (f.Tagged, (int)f.Tpid, f.VlanId))); // ethertype 802.1Q, vlan 100
            var (h200, output) = Mesh.TryTool("ip", $"netns exec {hostNames[1]} ping -c 2 -W 1 192.168.100.10", TimeSpan.FromSeconds(15));
            Assert.True(h200 != 0, "a host on VLAN 200 must not reach the segment: " + output);
        }
        finally
        {
            try
            {
                foreach (var tagger in taggers)
                {
                    programIds.Add(tagger.EgressProgramId);
                    programIds.Add(tagger.IngressProgramId);
                    await tagger.DisposeAsync();
                }

                handles.ForEach(h => h.Dispose());
                await nsmctl.DisposeAsync();
            }
            finally
            {
                foreach (var ns in created)
                {
                    var name = ns.DisplayName;
                    ns.Dispose();
                    NetNs.Delete(name);
                }
            }
        }

        var namespaces = Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(id!, namespaces, StringComparison.Ordinal);
        Assert.DoesNotContain(tag, namespaces, StringComparison.Ordinal);
        foreach (var program in programIds)
        {
            for (var i = 0; i < 100 && BpfProgram.IsLoaded(program); i++)
            {
                await Task.Delay(50); // freed after an RCU grace period
            }

            Assert.False(BpfProgram.IsLoaded(program), $"bpf program {program} is still loaded");
        }
    }

    internal static async Task<PacketCapture> CaptureAsync(NetNs ns, string link)
    {
        using var nl = await ns.OpenNetlinkAsync();
        return await PacketCapture.OpenAsync(ns, (await nl.GetLinkAsync(link)).Index);
    }

    private static async Task<bool> WaitForLogAsync(Nsmctl nsmctl, string text)
    {
        for (var i = 0; i < 60; i++)
        {
            var (_, output, error) = await nsmctl.RunAsync("logs", "deployments/nse-l2-bridge");
            if ((output + error).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    [GeneratedRegex(@"\bid (\d+)\b")]
    private static partial Regex ProgramId();
}
