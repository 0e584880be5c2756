using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Sdk.Vpp.TunnelMtu;
using Nsm.Sdk.Vpp.Uplink;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

/// <summary>The node's uplink in VPP, the host's tunnel ports, and the MTU a tunnel leaves to its connections.</summary>
public sealed class UplinkTests : IAsyncLifetime
{
    private readonly MechanismFixture _fixture = new();
    private NetNs? _node;

    public async Task InitializeAsync()
    {
        _node = await NetNs.CreateAsync("nsmvu-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var args in new[]
        {
            new[] { "link", "add", "uplink", "mtu", "1400", "type", "veth", "peer", "name", "peer0" },
            ["addr", "add", "10.61.0.1/24", "dev", "uplink"],
            ["link", "set", "uplink", "up"],
            ["link", "set", "lo", "up"],
        })
        {
            using var p = System.Diagnostics.Process.Start("ip", ["-n", _node.DisplayName, .. args]);
            await p.WaitForExitAsync();
        }

        _fixture.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { SwIfIndex = 1 });
        _fixture.Vpp.Handle<SwInterfaceSetMtu, SwInterfaceSetMtuReply>(_ => new());
        _fixture.Vpp.Handle<SwInterfaceAddDelAddress, SwInterfaceAddDelAddressReply>(_ => new());
        _fixture.Vpp.Handle<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(_ => new());
        var acl = 10u;
        _fixture.Vpp.Handle<AclAddReplace, AclAddReplaceReply>(_ => new() { AclIndex = acl++ });
        _fixture.Vpp.Handle<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(_ => new());
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        var name = _node!.DisplayName;
        _node.Dispose();
        NetNs.Delete(name);
    }

    [Fact]
    public async Task VPP_takes_the_link_with_the_tunnel_IP_with_its_MAC_MTU_and_address_and_brings_it_up()
    {
        var attached = await VppUplink.AttachAsync(_fixture.Client, IPAddress.Parse("10.61.0.1"), NullLogger.Instance, _node!.Path);

        Assert.Equal(("uplink", 1u, VppPrefix.Parse("10.61.0.1/24"), 1400), (attached!.HostInterface, attached.SwIfIndex, attached.Address, attached.Mtu));
        Assert.Equal(["af_packet_create_v3", "sw_interface_set_mtu", "sw_interface_add_del_address", "sw_interface_set_flags"], _fixture.Sent());
        using var nl = await _node.OpenNetlinkAsync();
        var link = await nl.GetLinkAsync("uplink");
        var create = Assert.Single(_fixture.Sent<AfPacketCreateV3>());
        Assert.Equal(("uplink", new MacAddress(link.Mac!.GetAddressBytes()), false), (create.HostIfName, create.HwAddr, create.UseRandomHwAddr));
        Assert.Equal([1400u, 1400u, 1400u, 1400u], Assert.Single(_fixture.Sent<SwInterfaceSetMtu>()).Mtu);
        Assert.Equal(1400, await VppUplink.HostLinkMtuAsync(IPAddress.Parse("10.61.0.1"), _node.Path));
    }

    [Fact]
    public async Task With_tunnel_ports_VPP_takes_only_their_UDP_and_IPv6_discovery_and_denies_all_other_IP()
    {
        await VppUplink.AttachAsync(_fixture.Client, IPAddress.Parse("10.61.0.1"), NullLogger.Instance, _node!.Path, [4789, 51820]);

        Assert.Equal(
            ["af_packet_create_v3", "sw_interface_set_mtu", "sw_interface_add_del_address", "acl_add_replace", "acl_add_replace", "acl_interface_set_acl_list", "sw_interface_set_flags"],
            _fixture.Sent());
        var acls = _fixture.Sent<AclAddReplace>();
        Assert.Equal(("nsm-vppinit-denyall-ingress", "nsm-vppinit-denyall-egress"), (acls[0].Tag, acls[1].Tag));
        Assert.Equal(
            ["permit udp dport 4789", "permit udp dport 51820", "permit icmp6 type 134", "permit icmp6 type 136", "deny 0.0.0.0/0", "deny ::/0"],
            acls[0].Rules.Select(Describe));
        Assert.Equal(
            ["permit udp dport 4789", "permit udp dport 51820", "permit icmp6 type 133", "permit icmp6 type 135", "deny 0.0.0.0/0", "deny ::/0"],
            acls[1].Rules.Select(Describe));
        var list = Assert.Single(_fixture.Sent<AclInterfaceSetAclList>());
        Assert.Equal((1u, (byte)1), (list.SwIfIndex, list.NInput));
        Assert.Equal([10u, 11u], list.Acls);
    }

    private static string Describe(AclRule r) => (r.IsPermit, r.Proto) switch
    {
        (AclAction.Permit, IpProto.Udp) => $"permit udp dport {r.DstportOrIcmpcodeFirst}",
        (AclAction.Permit, IpProto.Icmp6) => $"permit icmp6 type {r.SrcportOrIcmptypeFirst}",
        (AclAction.Deny, _) => $"deny {r.SrcPrefix}",
        _ => "?",
    };

    [Fact]
    public async Task No_link_with_the_tunnel_IP_means_no_uplink_and_no_VPP_call()
    {
        Assert.Null(await VppUplink.AttachAsync(_fixture.Client, IPAddress.Parse("10.61.0.9"), NullLogger.Instance, _node!.Path));
        Assert.Empty(_fixture.Sent());
    }

    [Fact]
    public async Task The_tunnel_ports_are_held_in_the_host_stack_until_released()
    {
        var tunnelIP = IPAddress.Parse("10.61.0.1");
        using (await TunnelPortReservation.ReserveAsync(tunnelIP, [4789, 51820, 4789], _node!.Path))
        {
            var error = await Assert.ThrowsAsync<SocketException>(() => TunnelPortReservation.ReserveAsync(tunnelIP, [51820], _node.Path));
            Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        }

        using var again = await TunnelPortReservation.ReserveAsync(tunnelIP, [4789, 51820], _node.Path);
    }

    [Theory]
    [InlineData("VXLAN", "10.0.2.1", 1446u)]
    [InlineData("VXLAN", "fd00::1", 1426u)]
    [InlineData("WIREGUARD", "10.0.2.1", 1440u)]
    [InlineData("WIREGUARD", "fd00::1", 1420u)]
    public async Task A_tunnel_leaves_the_uplink_MTU_less_its_encapsulation(string type, string srcIP, uint expected)
    {
        var mechanism = new Mechanism { Cls = Cls.Remote, Type = type, Parameters = { [CommonParameters.SrcIP] = srcIP } };
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c", Context = new ConnectionContext { MTU = 9000 } }, MechanismPreferences = { mechanism } };
        var next = new FakeNext(Answer);

        var connection = await new TunnelMtuClient(1500).RequestAsync(request, MechanismFixture.NewContext(), next);

        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), next.LastRequest!.MechanismPreferences[0].Parameters[CommonParameters.Mtu]);
        Assert.Equal(expected, connection.Context.MTU);

        var incoming = new NetworkServiceRequest { Connection = new Connection { Id = "s", Mechanism = mechanism.Clone(), Context = new ConnectionContext { MTU = 9000 } } };
        await new TunnelMtuServer(1500).RequestAsync(incoming, MechanismFixture.NewContext(), next);
        Assert.Equal(expected, next.LastRequest!.Connection.Context.MTU);
    }

    private static Connection Answer(NetworkServiceRequest request)
    {
        var connection = request.Connection.Clone();
        connection.Mechanism ??= request.MechanismPreferences.FirstOrDefault()?.Clone();
        return connection;
    }

    [Fact]
    public async Task A_local_mechanism_keeps_its_MTU()
    {
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c", Context = new ConnectionContext { MTU = 9000 } }, MechanismPreferences = { KernelMechanism.New("file:///proc/1/ns/net") } };
        var next = new FakeNext(Answer);

        var connection = await new TunnelMtuClient(1500).RequestAsync(request, MechanismFixture.NewContext(), next);

        Assert.Equal(9000u, connection.Context.MTU);
        Assert.False(next.LastRequest!.MechanismPreferences[0].Parameters.ContainsKey(CommonParameters.Mtu));
    }
}
