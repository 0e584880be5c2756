using System.Net;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

public class VniTests
{
    private static readonly IPAddress ClientIP = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress ServerIP = IPAddress.Parse("10.0.0.2");

    private static NetworkServiceRequest Selected(string id, IPAddress src, uint vni = 0)
    {
        var request = TestExtensions.Request(id);
        request.Connection.Mechanism = VxlanMechanism.New(src);
        if (vni != 0)
        {
            VxlanMechanism.ToMechanism(request.Connection.Mechanism)!.Vni = vni;
        }

        return request;
    }

    private static VxlanMechanism Vx(Connection c) => VxlanMechanism.ToMechanism(c.Mechanism)!;

    [Fact]
    public async Task Client_sets_src_ip_and_port_on_vxlan_preferences()
    {
        var request = TestExtensions.Request();
        request.MechanismPreferences.Add([new Mechanism { Cls = Cls.Remote, Type = VxlanMechanism.MechanismType }, KernelMechanism.New("file:///x")]);
        await new VniClient(new VniOptions(ClientIP)).RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        var vx = VxlanMechanism.ToMechanism(request.MechanismPreferences[0])!;
        Assert.Equal((ClientIP, (ushort)4789), (vx.SrcIP, vx.SrcPort));
        Assert.False(request.MechanismPreferences[1].Parameters.ContainsKey(CommonParameters.SrcIP));
    }

    [Fact]
    public async Task Server_sets_dst_and_a_vni_of_the_right_parity()
    {
        var server = new VniServer(new VniOptions(ServerIP) { Port = 4790 });
        var low = Vx(await server.RequestAsync(Selected("a", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal((ServerIP, (ushort)4790), (low.DstIP, low.DstPort));
        Assert.NotEqual(0u, low.Vni);
        Assert.Equal(0u, low.Vni % 2); // src 10.0.0.1 <= dst 10.0.0.2: even

        var high = Vx(await server.RequestAsync(Selected("b", IPAddress.Parse("10.0.0.9")), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(1u, high.Vni % 2);
    }

    [Fact]
    public async Task Vni_is_unique_per_src_ip_and_kept_on_refresh()
    {
        // The random source repeats itself, so the second connection from the same src must draw again.
        var server = new VniServer(new VniOptions(ServerIP) { Random = new RepeatingRandom(5, 5, 7) });
        var a = Vx(await server.RequestAsync(Selected("a", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        var b = Vx(await server.RequestAsync(Selected("b", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal((10u, 14u), (a.Vni, b.Vni));

        // Same VNI from another src ip is fine.
        var other = new VniServer(new VniOptions(ServerIP) { Random = new RepeatingRandom(5) });
        var c = Vx(await other.RequestAsync(Selected("c", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        var d = Vx(await other.RequestAsync(Selected("d", IPAddress.Parse("10.0.0.0")), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal((10u, 10u), (c.Vni, d.Vni));

        // Refresh without a vni reuses the connection's; a vni already present is kept.
        var refresh = Vx(await server.RequestAsync(Selected("a", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(10u, refresh.Vni);
        var given = Vx(await server.RequestAsync(Selected("e", ClientIP, 1001), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(1001u, given.Vni);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task Vni_is_freed_on_close_and_on_failure()
    {
        var server = new VniServer(new VniOptions(ServerIP) { Random = new RepeatingRandom(5) });
        var a = await server.RequestAsync(Selected("a", ClientIP), new NsmContext(), NetworkServiceHandler.Tail);
        await server.CloseAsync(a, new NsmContext(), NetworkServiceHandler.Tail);
        var b = Vx(await server.RequestAsync(Selected("b", ClientIP), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(10u, b.Vni); // would loop forever on a repeating random if "a" still held it

        var failing = new NetworkServiceServerChain(server, new InjectErrorElement());
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RequestAsync(Selected("c", IPAddress.Parse("10.0.0.3")), new NsmContext()).AsTask());
        Assert.Equal(1, server.Count);

        var stuck = await Assert.ThrowsAsync<NsmStatusException>(
            () => server.RequestAsync(Selected("d", ClientIP), new NsmContext(), NetworkServiceHandler.Tail).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, stuck.StatusCode); // the repeating random only ever offers b's vni

        var noSrc = TestExtensions.Request();
        noSrc.Connection.Mechanism = new Mechanism { Cls = Cls.Remote, Type = VxlanMechanism.MechanismType };
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => server.RequestAsync(noSrc, new NsmContext(), NetworkServiceHandler.Tail).AsTask());
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    /// <summary>Returns the given values in turn (repeating the last one) from <see cref="Random.NextInt64(long, long)"/>.</summary>
    internal sealed class RepeatingRandom(params long[] values) : Random
    {
        private int _next;

        public override long NextInt64(long minValue, long maxValue) => values[Math.Min(_next++, values.Length - 1)];
    }
}
