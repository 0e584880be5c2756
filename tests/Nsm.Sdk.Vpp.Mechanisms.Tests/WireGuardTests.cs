using System.Net;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Sdk.Vpp.WireGuard;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Messages.WireGuard;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class WireGuardTests
{
    private static readonly byte[] PeerKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static byte[] PublicOf(byte[] privateKey)
    {
        var key = new byte[32];
        X25519.ScalarMultBase(privateKey, 0, key, 0);
        return key;
    }

    [Fact]
    public async Task Client_offers_its_public_key_makes_the_interface_with_the_matching_private_key_and_the_next_hop_as_peer()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<WireguardInterfaceCreate, WireguardInterfaceCreateReply>(_ => new() { SwIfIndex = 6 });
        f.Vpp.Handle<WireguardPeerAdd, WireguardPeerAddReply>(_ => new() { PeerIndex = 3 });
        f.Vpp.Handle<WireguardPeerRemove, WireguardPeerRemoveReply>(_ => new());
        f.Vpp.Handle<WireguardInterfaceDelete, WireguardInterfaceDeleteReply>(_ => new());
        var client = new WireGuardClient(f.Client, IPAddress.Parse("10.77.0.1"));
        var context = MechanismFixture.NewContext();
        var next = new FakeNext(r =>
        {
            var chosen = r.MechanismPreferences.Single(m => m.Type == WireguardMechanism.MechanismType).Clone();
            var wg = WireguardMechanism.ToMechanism(chosen)!;
            wg.DstIP = IPAddress.Parse("10.77.0.2");
            wg.DstPort = 51821;
            wg.DstPublicKey = Convert.ToBase64String(PeerKey);
            return new Connection { Id = "conn-1", Payload = Payloads.IP, Mechanism = chosen };
        });

        var connection = await client.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "conn-1", Payload = Payloads.IP } }, context, next);

        var offered = WireguardMechanism.ToMechanism(Assert.Single(next.LastRequest!.MechanismPreferences))!;
        Assert.Equal((IPAddress.Parse("10.77.0.1"), (ushort)51820), (offered.SrcIP, offered.SrcPort));
        Assert.Equal(["wireguard_interface_create", "wireguard_peer_add"], f.Sent());
        var create = Assert.Single(f.Sent<WireguardInterfaceCreate>());
        Assert.Equal(offered.SrcPublicKey, Convert.ToBase64String(PublicOf(create.Interface.PrivateKey)));
        Assert.Equal((uint.MaxValue, (ushort)51820, VppAddress.Parse("10.77.0.1"), false), (create.Interface.UserInstance, create.Interface.Port, create.Interface.SrcIp, create.GenerateKey));
        var peer = Assert.Single(f.Sent<WireguardPeerAdd>()).Peer;
        Assert.Equal(PeerKey, peer.PublicKey);
        Assert.Equal((6u, VppAddress.Parse("10.77.0.2"), (ushort)51821, (ushort)10), (peer.SwIfIndex, peer.Endpoint, peer.Port, peer.PersistentKeepalive));
        Assert.Equal(["0.0.0.0/0", "::/0"], peer.AllowedIps.Select(p => p.ToString()));
        Assert.True(VppInterfaces.TryLoad(context, isClient: true, out var swIfIndex));
        Assert.Equal(6u, swIfIndex);

        await client.CloseAsync(connection, context, next);
        await client.CloseAsync(connection, context, next);

        Assert.Equal(["wireguard_interface_create", "wireguard_peer_add", "wireguard_peer_remove", "wireguard_interface_delete"], f.Sent());
        Assert.Equal(3u, Assert.Single(f.Sent<WireguardPeerRemove>()).PeerIndex);
        Assert.Equal(6u, Assert.Single(f.Sent<WireguardInterfaceDelete>()).SwIfIndex);
    }

    [Fact]
    public async Task Server_sets_its_address_and_a_failed_peer_add_deletes_the_interface()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<WireguardInterfaceCreate, WireguardInterfaceCreateReply>(_ => new() { SwIfIndex = 8 });
        f.Vpp.Handle<WireguardPeerAdd, WireguardPeerAddReply>(_ => new() { Retval = -1 });
        f.Vpp.Handle<WireguardInterfaceDelete, WireguardInterfaceDeleteReply>(_ => new());
        var server = new WireGuardServer(f.Client, IPAddress.Parse("10.77.0.2"));
        var context = MechanismFixture.NewContext();
        var incoming = WireguardMechanism.New(IPAddress.Parse("10.77.0.1"), Convert.ToBase64String(PeerKey));
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "conn-1", Payload = Payloads.IP, Mechanism = incoming } };
        var next = new FakeNext(r => r.Connection);

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RequestAsync(request, context, next));

        Assert.Equal((StatusCode.Internal, "VPP wireguard_peer_add failed: retval -1"), (error.StatusCode, error.Message));
        var wg = WireguardMechanism.ToMechanism(incoming)!;
        Assert.Equal((IPAddress.Parse("10.77.0.2"), (ushort)51820), (wg.DstIP, wg.DstPort));
        Assert.Equal(["wireguard_interface_create", "wireguard_peer_add", "wireguard_interface_delete"], f.Sent());
        Assert.Equal(VppAddress.Parse("10.77.0.2"), f.Sent<WireguardInterfaceCreate>()[0].Interface.SrcIp);
        Assert.Equal(VppAddress.Parse("10.77.0.1"), f.Sent<WireguardPeerAdd>()[0].Peer.Endpoint);
        Assert.Equal(8u, Assert.Single(f.Sent<WireguardInterfaceDelete>()).SwIfIndex);
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
        Assert.Equal(1, next.Closes);
    }
}
