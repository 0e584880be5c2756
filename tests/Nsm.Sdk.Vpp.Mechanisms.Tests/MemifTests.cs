using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Memif;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Memif;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class MemifTests
{
    private const uint SocketId = 1013904223;

    private static void ServeMemif(MechanismFixture f, int createRetval = 0)
    {
        f.Vpp.Handle<MemifSocketFilenameAddDelV2, MemifSocketFilenameAddDelV2Reply>(r => new() { SocketId = r.IsAdd ? SocketId : 0 });
        f.Vpp.Handle<MemifCreateV2, MemifCreateV2Reply>(_ => new() { Retval = createRetval, SwIfIndex = createRetval == 0 ? 2u : 0 });
        f.Vpp.Handle<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(_ => new());
        f.Vpp.Handle<MemifDelete, MemifDeleteReply>(_ => new());
    }

    private static Connection MemifConnection(string id, string payload = Payloads.Ethernet)
    {
        var connection = new Connection { Id = id, Payload = payload, Mechanism = MemifMechanism.NewAbstract("/proc/42/ns/net") };
        return connection;
    }

    [Fact]
    public async Task Server_makes_a_master_memif_on_an_abstract_socket_in_the_callers_namespace_and_close_deletes_both()
    {
        await using var f = new MechanismFixture();
        ServeMemif(f);
        var server = new MemifServer(f.Client, new MemifOptions { SocketDirectory = "/tmp/memif" });
        var context = MechanismFixture.NewContext("c1");
        var next = new FakeNext(_ => MemifConnection("c1", Payloads.IP));

        var connection = await server.RequestAsync(new NetworkServiceRequest(), context, next);

        Assert.Equal(["memif_socket_filename_add_del_v2", "memif_create_v2", "sw_interface_set_flags"], f.Sent());
        var socket = Assert.Single(f.Sent<MemifSocketFilenameAddDelV2>());
        Assert.Equal((true, uint.MaxValue, "abstract:/tmp/memif/c1/memif.socket,netns_name=/proc/42/ns/net"), (socket.IsAdd, socket.SocketId, socket.SocketFilename));
        var create = Assert.Single(f.Sent<MemifCreateV2>());
        Assert.Equal((MemifRole.Master, MemifMode.Ip, SocketId), (create.Role, create.Mode, create.SocketId));
        var up = Assert.Single(f.Sent<SwInterfaceSetFlags>());
        Assert.Equal((2u, IfStatusFlags.AdminUp), (up.SwIfIndex, up.Flags));
        Assert.Equal("@/tmp/memif/c1/memif.socket", MemifMechanism.ToMechanism(connection.Mechanism)!.SocketFilename);
        Assert.True(VppInterfaces.TryLoad(context, isClient: false, out var swIfIndex));
        Assert.Equal(2u, swIfIndex);

        await server.RequestAsync(new NetworkServiceRequest(), context, next);
        Assert.Equal(3, f.Sent().Count);

        await server.CloseAsync(connection, context, next);
        await server.CloseAsync(connection, context, next);

        Assert.Equal(["memif_socket_filename_add_del_v2", "memif_create_v2", "sw_interface_set_flags", "memif_delete", "memif_socket_filename_add_del_v2"], f.Sent());
        Assert.Equal(2u, Assert.Single(f.Sent<MemifDelete>()).SwIfIndex);
        var removed = f.Sent<MemifSocketFilenameAddDelV2>()[1];
        Assert.Equal((false, SocketId), (removed.IsAdd, removed.SocketId));
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
        Assert.Equal(2, next.Closes);
    }

    [Fact]
    public async Task Client_offers_memif_connects_as_slave_to_the_endpoints_socket_and_a_failed_create_removes_the_socket()
    {
        await using var f = new MechanismFixture();
        ServeMemif(f, createRetval: -2);
        var client = new MemifClient(f.Client);
        var context = MechanismFixture.NewContext("c2");
        var next = new FakeNext(r =>
        {
            var chosen = r.MechanismPreferences.Single(m => m.Type == MemifMechanism.MechanismType).Clone();
            MemifMechanism.ToMechanism(chosen)!.SocketFilename = "@/tmp/nse/memif.socket";
            MemifMechanism.ToMechanism(chosen)!.NetNSUrl = "file:///proc/7/ns/net";
            return new Connection { Id = "c2", Payload = Payloads.Ethernet, Mechanism = chosen };
        });

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c2" } }, context, next));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("VPP memif_create_v2 failed: retval -2", error.Message);
        Assert.Equal(["memif_socket_filename_add_del_v2", "memif_create_v2", "memif_socket_filename_add_del_v2"], f.Sent());
        Assert.Equal("abstract:/tmp/nse/memif.socket,netns_name=/proc/7/ns/net", f.Sent<MemifSocketFilenameAddDelV2>()[0].SocketFilename);
        Assert.Equal(MemifRole.Slave, Assert.Single(f.Sent<MemifCreateV2>()).Role);
        Assert.Equal((false, SocketId), (f.Sent<MemifSocketFilenameAddDelV2>()[1].IsAdd, f.Sent<MemifSocketFilenameAddDelV2>()[1].SocketId));
        Assert.False(VppInterfaces.TryLoad(context, isClient: true, out _));
        Assert.Equal(1, next.Closes);
    }
}
