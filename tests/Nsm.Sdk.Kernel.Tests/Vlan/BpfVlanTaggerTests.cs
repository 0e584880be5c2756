using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.Vlan;
using Nsm.Tests.Shared;

namespace Nsm.Sdk.Kernel.Tests.Vlan;

/// <summary>Two namespaces joined by a veth (<c>v0</c> in each, 10.77.0.1 and .2); the BPF tagger on either end.</summary>
public class BpfVlanTaggerTests
{
    [Fact]
    public async Task Frames_leave_tagged_with_the_vlan_and_the_far_end_sees_8021q_vid_100()
    {
        await using var scope = new NetNsScope();
        var (a, nlA, b, nlB) = await PairAsync(scope);
        var far = await nlB.GetLinkAsync("v0");
        using var capture = await PacketCapture.OpenAsync(b, far.Index);
        await using (await BpfVlanTagger.AttachAsync(nlA, "v0", 100))
        {
            await Shell.AssertNoPingAsync(a.DisplayName, "10.77.0.2"); // the far end has no tagger: it ignores tagged frames
            // The ping's ARP and IPv4: IPv6 chatter (B's own, or A's from before the tagger) is not what is measured.
            var frames = capture.ReadAll().Where(f => f.EtherType is 0x0806 or 0x0800).ToList();
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.Equal(new CapturedFrame(true, 0x8100, 100, f.EtherType), f));
        }

        await Shell.InNsAsync(a.DisplayName, "ip", "neigh", "flush", "dev", "v0"); // the failed ARP entry would answer "unreachable"
        await Shell.AssertPingAsync(a.DisplayName, "10.77.0.2");
    }

    [Fact]
    public async Task Both_ends_tagging_vlan_100_ping_and_a_vlan_200_peer_is_dropped()
    {
        await using var scope = new NetNsScope();
        var (a, nlA, b, nlB) = await PairAsync(scope);
        var tagA = await BpfVlanTagger.AttachAsync(nlA, "v0", 100);
        var tagB = await BpfVlanTagger.AttachAsync(nlB, "v0", 100);
        await Shell.AssertPingAsync(a.DisplayName, "10.77.0.2");
        await Shell.AssertPingAsync(b.DisplayName, "10.77.0.1");

        await tagB.DisposeAsync();
        await using (await BpfVlanTagger.AttachAsync(nlB, "v0", 200))
        {
            await Shell.AssertNoPingAsync(b.DisplayName, "10.77.0.1");
        }

        var (_, filters, _) = await Shell.InNsAsync(a.DisplayName, "tc", "filter", "show", "dev", "v0", "ingress");
        Assert.Contains("nsm_vlan100_pop", filters, StringComparison.Ordinal);
        Assert.Contains("direct-action", filters, StringComparison.Ordinal);
        var ids = new[] { tagA.EgressProgramId, tagA.IngressProgramId, tagB.EgressProgramId };
        await tagA.DisposeAsync();

        var (_, qdiscs, _) = await Shell.InNsAsync(a.DisplayName, "tc", "qdisc", "show", "dev", "v0");
        Assert.DoesNotContain("clsact", qdiscs, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            await AssertUnloadedAsync(id);
        }
    }

    [Fact]
    public async Task Untagged_frames_pass_only_when_asked()
    {
        await using var scope = new NetNsScope();
        var (a, nlA, b, nlB) = await PairAsync(scope);
        var far = await nlB.GetLinkAsync("v0");
        await using (await BpfVlanTagger.AttachAsync(nlA, "v0", 100, passUntagged: true))
        {
            // A's replies leave tagged, so count what reaches B: A's ARP reply to B's untagged request means it got in.
            using var capture = await PacketCapture.OpenAsync(b, far.Index);
            await Shell.AssertNoPingAsync(b.DisplayName, "10.77.0.1");
            Assert.Contains(capture.ReadAll(), f => f.Tagged && f.VlanId == 100 && f.EtherType is 0x0806 or 0x0800);
        }

        await using (await BpfVlanTagger.AttachAsync(nlA, "v0", 100, passUntagged: false))
        {
            using var capture = await PacketCapture.OpenAsync(b, far.Index);
            await Shell.AssertNoPingAsync(b.DisplayName, "10.77.0.1");
            Assert.DoesNotContain(capture.ReadAll(), f => f.EtherType is 0x0806 or 0x0800); // A answered nothing: IPv6 chatter aside
        }
    }

    [Fact]
    public void Instructions_encode_as_struct_bpf_insn()
    {
        BpfInstruction[] program = [BpfInstruction.MovImm(2, 0x81), BpfInstruction.LoadWord(2, 1, 24), BpfInstruction.JumpIfNotEqual(2, 100, -3), BpfInstruction.Call(18)];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(program.AsSpan()).ToArray();
        Assert.Equal(
            "b702000081000000" + "6112180000000000" + "5502fdff64000000" + "8500000012000000",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public async Task A_rejected_program_reports_the_verifier_log()
    {
        var e = Assert.Throws<BpfException>(() => BpfProgram.Load(BpfProgram.SchedClsType, "bad", [BpfInstruction.Exit()]));
        Assert.Contains("R0 !read_ok", e.VerifierLog, StringComparison.Ordinal);
        Assert.Contains("verifier log", e.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_probe_finds_the_bpf_tagger_and_auto_resolves_to_what_the_node_has()
    {
        var support = await VlanSupport.ProbeAsync();
        Assert.True(support.BpfTagger, support.Detail);
        Assert.Equal(support.VlanLink ? VlanUplinkMode.Link : VlanUplinkMode.Bpf, support.Resolve(VlanUplinkMode.Auto));
        Assert.Equal(VlanUplinkMode.Bpf, support.Resolve(VlanUplinkMode.Bpf));
        if (!support.VlanLink)
        {
            Assert.Throws<NotSupportedException>(() => support.Resolve(VlanUplinkMode.Link));
        }

        var (_, list, _) = await Shell.RunAsync("ip", "netns", "list");
        Assert.DoesNotContain("nsm-vlanprobe-", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vlan_link_mode_stacks_a_vlan_link_where_the_kernel_has_8021q()
    {
        var support = await VlanSupport.ProbeAsync();
        if (!support.VlanLink)
        {
            return; // no 8021q on this kernel (xunit 2 has no dynamic skip): the BPF tests cover the uplink
        }

        await using var scope = new NetNsScope();
        var (a, nlA, _, nlB) = await PairAsync(scope);
        await using (var uplink = await VlanUplink.CreateAsync(nlA, "v0", 100, VlanUplinkMode.Link, support))
        {
            Assert.Equal("v0.100", uplink.Port);
            var (_, details, _) = await Shell.InNsAsync(a.DisplayName, "ip", "-d", "link", "show", "v0.100");
            Assert.Contains("vlan protocol 802.1Q id 100", details, StringComparison.Ordinal);
        }

        Assert.Null(await nlA.TryGetLinkAsync("v0.100"));
        _ = nlB;
    }

    private static async Task<(NetNs A, NetlinkHandle NlA, NetNs B, NetlinkHandle NlB)> PairAsync(NetNsScope scope)
    {
        var (a, nlA) = await scope.CreateAsync();
        var (b, nlB) = await scope.CreateAsync();
        await nlA.AddLinkAsync(new VethLink("v0", "v0") { Namespace = a, PeerNamespace = b, Up = true });
        await nlB.SetLinkUpAsync("v0");
        await nlA.AddAddressAsync("v0", NetlinkPrefix.Parse("10.77.0.1/24"));
        await nlB.AddAddressAsync("v0", NetlinkPrefix.Parse("10.77.0.2/24"));
        return (a, nlA, b, nlB);
    }

    // The filters let go of their programs after an RCU grace period: poll until the kernel has freed them.
    private static async Task AssertUnloadedAsync(uint id)
    {
        for (var i = 0; i < 100 && BpfProgram.IsLoaded(id); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(BpfProgram.IsLoaded(id), $"bpf program {id} is still loaded");
    }
}
