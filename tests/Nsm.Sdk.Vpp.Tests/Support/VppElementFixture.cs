using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Testing;

namespace Nsm.Sdk.Vpp.Tests.Support;

/// <summary>
/// A fake VPP that answers every message the elements send with retval 0 (af_packet_create_v3 with sw_if_index 5, each
/// acl_add_replace with the next ACL index from 10), a <see cref="VppClient"/> to it, and helpers to read back what VPP got.
/// </summary>
public sealed class VppElementFixture : IAsyncDisposable
{
    public const uint AfPacketSwIfIndex = 5;

    private static readonly VppMessageRef[] Messages =
    [
        VppMessageRef.Of<SwInterfaceSetFlags>(), VppMessageRef.Of<SwInterfaceSetFlagsReply>(),
        VppMessageRef.Of<SwInterfaceSetMtu>(), VppMessageRef.Of<SwInterfaceSetMtuReply>(),
        VppMessageRef.Of<SwInterfaceAddDelAddress>(), VppMessageRef.Of<SwInterfaceAddDelAddressReply>(),
        VppMessageRef.Of<IpRouteAddDel>(), VppMessageRef.Of<IpRouteAddDelReply>(),
        VppMessageRef.Of<IpNeighborAddDel>(), VppMessageRef.Of<IpNeighborAddDelReply>(),
        VppMessageRef.Of<AfPacketCreateV3>(), VppMessageRef.Of<AfPacketCreateV3Reply>(),
        VppMessageRef.Of<AfPacketDelete>(), VppMessageRef.Of<AfPacketDeleteReply>(),
        VppMessageRef.Of<SwInterfaceSetL2Xconnect>(), VppMessageRef.Of<SwInterfaceSetL2XconnectReply>(),
        VppMessageRef.Of<AclAddReplace>(), VppMessageRef.Of<AclAddReplaceReply>(),
        VppMessageRef.Of<AclDel>(), VppMessageRef.Of<AclDelReply>(),
        VppMessageRef.Of<AclInterfaceSetAclList>(), VppMessageRef.Of<AclInterfaceSetAclListReply>(),
    ];

    private readonly string _directory;
    private uint _nextAcl = 10;

    public VppElementFixture()
    {
        _directory = Directory.CreateTempSubdirectory("nsm-sdk-vpp-").FullName;
        Vpp = FakeVpp.Start(System.IO.Path.Combine(_directory, "api.sock"));
        Vpp.Handle<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(_ => new());
        Vpp.Handle<SwInterfaceSetMtu, SwInterfaceSetMtuReply>(_ => new());
        Vpp.Handle<SwInterfaceAddDelAddress, SwInterfaceAddDelAddressReply>(_ => new());
        Vpp.Handle<IpRouteAddDel, IpRouteAddDelReply>(_ => new());
        Vpp.Handle<IpNeighborAddDel, IpNeighborAddDelReply>(_ => new());
        Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { SwIfIndex = AfPacketSwIfIndex });
        Vpp.Handle<AfPacketDelete, AfPacketDeleteReply>(_ => new());
        Vpp.Handle<SwInterfaceSetL2Xconnect, SwInterfaceSetL2XconnectReply>(_ => new());
        Vpp.Handle<AclAddReplace, AclAddReplaceReply>(_ => new() { AclIndex = Interlocked.Increment(ref _nextAcl) - 1 });
        Vpp.Handle<AclDel, AclDelReply>(_ => new());
        Vpp.Handle<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(_ => new());
        Client = new VppClient(Vpp.SocketPath, "sdk-vpp-tests", Messages);
    }

    public FakeVpp Vpp { get; }

    public VppClient Client { get; }

    /// <summary>A context with metadata for a connection, as the metadata element makes it.</summary>
    public static NsmContext NewContext(string connectionId = "conn-1") => new() { Metadata = new ConnectionMetadata(connectionId) };

    /// <summary>A request for a connection with the given context.</summary>
    public static NetworkServiceRequest NewRequest(ConnectionContext? connectionContext = null, string connectionId = "conn-1") =>
        new() { Connection = new Connection { Id = connectionId, Context = connectionContext ?? new ConnectionContext() } };

    /// <summary>The names of the messages VPP received after the handshake (control pings left out), in order.</summary>
    public IReadOnlyList<string> Names() => [.. Requests().Select(r => r.Name)];

    /// <summary>The received messages of one type, decoded, in order.</summary>
    public IReadOnlyList<T> Decoded<T>()
        where T : IVppMessage<T> =>
        [.. Requests().Where(r => r.Name == T.MessageName).Select(r => VppMessageCodec.Decode<T>(r.Frame.Body))];

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Vpp.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private IEnumerable<(string Name, FakeVppFrame Frame)> Requests()
    {
        var names = FakeVppMessageTable.Recorded.GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.First().Name);
        return Vpp.Received
            .Select(f => (Name: names.GetValueOrDefault(f.Id, "?"), Frame: f))
            .Where(r => r.Name is not ("sockclnt_create" or "control_ping" or "sockclnt_delete" or "?"));
    }
}
