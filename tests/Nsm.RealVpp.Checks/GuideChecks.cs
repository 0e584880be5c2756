using Nsm.RealVpp.Checks.Support;

namespace Nsm.RealVpp.Checks;

/// <summary>
/// The guide's VPP network functions under nsmctl with a real VPP on PATH: its <c>cmd-nse-firewall-vpp</c> and
/// <c>cmd-nse-vlan-vpp</c> images run our VPP programs, each on a VPP of its own in its pod.
/// </summary>
public sealed class GuideChecks
{
    [RealVppFact]
    public async Task Upstreams_control_plane_with_forwarder_vpp_carries_the_guides_simple_l3()
    {
        await using var nsmctl = await NsmctlCli.StartAsync();
        await nsmctl.OkAsync("apply", "-f", Path.Combine(NsmctlCli.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "nsm-system.yaml"));
        await nsmctl.OkAsync("apply", "-f", Path.Combine(NsmctlCli.Root, "examples", "guide", "simple-l3"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "client");
        await nsmctl.OkAsync("exec", "client", "--", "ping", "-c", "3", "-W", "2", "10.100.1.1");
        var forwarder = await nsmctl.OkAsync("logs", "daemonsets/forwarder-vpp", "-n", "nsm-system");
        Assert.Contains("starting a private VPP", forwarder, StringComparison.Ordinal);
        Assert.Contains("(VPP sw_if_index", forwarder, StringComparison.Ordinal);
        Assert.Contains("forwarder-vpp-", await nsmctl.OkAsync("explain", "client"), StringComparison.Ordinal);
    }

    [RealVppFact]
    public async Task The_vpp_firewall_enforces_the_guides_rules()
    {
        await using var nsmctl = await NsmctlCli.StartAsync();
        const string ns = "ns-fw-chain";
        await nsmctl.OkAsync("apply", "-f", Path.Combine(NsmctlCli.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "firewall-chain.yaml"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "client", "-n", ns);
        var firewallLog = await nsmctl.OkAsync("logs", "deployments/nse-firewall", "-n", ns);
        Assert.Contains("starting a private VPP", firewallLog, StringComparison.Ordinal);
        var final = await NsmctlCli.PodNetnsAsync(ns, "nse-final");
        var client = await NsmctlCli.PodNetnsAsync(ns, "client");

        // The guide's rules: permit tcp 80, permit tcp 443, deny ip.
        foreach (var (port, passes) in new[] { (80, true), (443, true), (22, false) })
        {
            var (exit, output) = await Pods.RunAsync("ip", "netns", "exec", final, "timeout", "10", "python3", "-c",
                $"import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('172.16.1.100',{port}))\ns.listen()\ns.settimeout(8)\nc,_=s.accept()\nc.send(b'hi')", "&");
            _ = (exit, output);
        }

        foreach (var (port, passes) in new[] { (80, true), (443, true), (22, false) })
        {
            var listener = Pods.RunAsync("ip", "netns", "exec", final, "timeout", "6", "python3", "-c",
                $"import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('172.16.1.100',{port}))\ns.listen()\nc,_=s.accept()\nc.send(b'hi {port}')");
            await Task.Delay(500);
            var (exit, output) = await Pods.RunAsync("ip", "netns", "exec", client, "timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/172.16.1.100/{port} && head -c 5 <&3");
            Assert.True(passes == (exit == 0 && output.StartsWith("hi", StringComparison.Ordinal)), $"TCP {port} {(passes ? "must pass" : "must be dropped")}: exit {exit} {output}");
            await listener;
        }

        var (ping, _) = await Pods.RunAsync("ip", "netns", "exec", client, "ping", "-c", "2", "-W", "1", "172.16.1.100");
        Assert.NotEqual(0, ping);
    }

    [RealVppFact]
    public async Task The_guides_l2_segment_on_vpp_leaves_its_uplink_tagged_vlan_100()
    {
        await using var nsmctl = await NsmctlCli.StartAsync();
        await nsmctl.OkAsync("apply", "-f", Path.Combine(NsmctlCli.Root, "examples", "guide", "l2"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "l2-client-1", "l2-client-2", "--timeout=120s");
        foreach (var (pod, address) in new[] { ("l2-client-1", "192.168.100.10/24"), ("l2-client-2", "192.168.100.11/24") })
        {
            await nsmctl.OkAsync("exec", pod, "--", "ip", "addr", "add", address, "dev", "nsm-1");
            await nsmctl.OkAsync("exec", pod, "--", "ip", "link", "set", "nsm-1", "up");
        }

        await nsmctl.OkAsync("exec", "l2-client-1", "--", "ping", "-c", "2", "-W", "2", "192.168.100.11");

        // The uplink appears after the clients (as in the guide's E2E): eth0 in the NSE's pod, its peer in a "lan".
        var nse = await NsmctlCli.PodNetnsAsync("default", "nse-l2-bridge");
        await using var pods = new Pods();
        var lan = await pods.NewAsync("nsmvl-");
        await Pods.RunAsync("ip", "-n", nse, "link", "add", "eth0", "type", "veth", "peer", "name", "up0", "netns", lan.DisplayName);
        // The uplink's own IPv6 chatter (untagged, not the segment's) is off, so every frame captured below is the segment's.
        await Pods.RunAsync("ip", "netns", "exec", nse, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1");
        await Pods.RunAsync("ip", "netns", "exec", lan.DisplayName, "sysctl", "-qw", "net.ipv6.conf.up0.disable_ipv6=1");
        await Pods.RunAsync("ip", "-n", nse, "link", "set", "eth0", "up");
        await Pods.RunAsync("ip", "-n", lan.DisplayName, "link", "set", "up0", "up");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!(await nsmctl.OkAsync("logs", "deployments/nse-l2-bridge")).Contains("uplink eth0 attached as VLAN 100", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until, "the NSE attaches the uplink once it appears");
            await Task.Delay(250);
        }

        await using (var capture = await Capture.StartAsync(lan, "up0", ethernet: true))
        {
            await nsmctl.RunAsync("exec", "l2-client-1", "--", "ping", "-c", "2", "-W", "1", "192.168.100.50");
            var frames = await capture.StopAsync();
            Assert.Contains(frames, f => f.Contains("ARP", StringComparison.Ordinal));
            Assert.All(frames, f => Assert.Contains("802.1Q (0x8100), length", f, StringComparison.Ordinal));
            Assert.All(frames, f => Assert.Contains("vlan 100,", f, StringComparison.Ordinal));
        }
    }
}
