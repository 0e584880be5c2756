using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.SwapIp;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.SwapIp;

/// <summary>swapip (upstream's networkservice swapip server and client): src_ip out and back on the source side, dst_ip on the remote side.</summary>
public sealed class SwapIpElementTests
{
    private const string InternalA = "10.0.1.2";
    private const string ExternalA = "203.0.113.1";
    private const string InternalB = "10.0.2.2";
    private const string ExternalB = "198.51.100.2";

    private static readonly IpMap MapA = new([KeyValuePair.Create(InternalA, ExternalA)]);
    private static readonly IpMap MapB = new([KeyValuePair.Create(InternalB, ExternalB)]);

    private static NetworkServiceRequest Request(Action<Mechanism>? change = null)
    {
        var vxlan = VxlanMechanism.New(IPAddress.Parse(InternalA));
        change?.Invoke(vxlan);
        return new NetworkServiceRequest
        {
            Connection = new Connection { Id = "conn-1", NetworkService = "svc" },
            MechanismPreferences = { vxlan, KernelMechanism.New("file:///proc/1/ns/net") },
        };
    }

    /// <summary>A remote forwarder: records the Request and answers with the first preference, its own dst_ip set.</summary>
    private static LambdaElement RemoteForwarder(List<NetworkServiceRequest> seen, string ownIp = InternalB) => new((r, _, _) =>
    {
        seen.Add(r.Clone());
        var conn = r.Connection.Clone();
        conn.Mechanism = r.MechanismPreferences[0].Clone();
        conn.Mechanism.Parameters[CommonParameters.DstIP] = ownIp;
        return ValueTask.FromResult(conn);
    });

    /// <summary>connect: the next hop's chain.</summary>
    private static LambdaElement Connect(Func<NetworkServiceRequest, NsmContext, ValueTask<Connection>> hop) => new((r, c, _) => hop(r, c));

    [Fact]
    public async Task Source_side_server_sends_the_external_src_ip_and_gives_the_original_back()
    {
        var seen = new List<NetworkServiceRequest>();
        var chain = new NetworkServiceServerChain(new SwapIpServer(() => MapA), RemoteForwarder(seen, ExternalB));
        var request = Request(m => m.Parameters[CommonParameters.DstIP] = "10.9.9.9");

        var conn = await chain.RequestAsync(request, new NsmContext());

        var sent = Assert.Single(seen).MechanismPreferences[0].Parameters;
        Assert.Equal(ExternalA, sent[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, sent[CommonParameters.SrcOriginalIP]);
        Assert.False(sent.ContainsKey(CommonParameters.DstIP));
        Assert.Equal(["inodeURL"], seen[0].MechanismPreferences[1].Parameters.Keys);
        Assert.Equal(InternalA, conn.Mechanism.Parameters[CommonParameters.SrcIP]);
        Assert.False(conn.Mechanism.Parameters.ContainsKey(CommonParameters.SrcOriginalIP));
        Assert.Equal(ExternalB, conn.Mechanism.Parameters[CommonParameters.DstIP]);
        Assert.Equal(InternalA, request.MechanismPreferences[0].Parameters[CommonParameters.SrcIP]);
    }

    [Fact]
    public async Task Remote_side_server_clears_dst_and_answers_with_the_external_dst()
    {
        var seen = new List<NetworkServiceRequest>();
        var chain = new NetworkServiceServerChain(new SwapIpServer(() => MapB), RemoteForwarder(seen));
        var request = Request(m =>
        {
            m.Parameters[CommonParameters.SrcIP] = ExternalA;
            m.Parameters[CommonParameters.SrcOriginalIP] = InternalA;
            m.Parameters[CommonParameters.DstIP] = ExternalB;
            m.Parameters[CommonParameters.DstOriginalIP] = InternalB;
        });

        var conn = await chain.RequestAsync(request, new NsmContext());

        var sent = Assert.Single(seen).MechanismPreferences[0].Parameters;
        Assert.Equal(ExternalA, sent[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, sent[CommonParameters.SrcOriginalIP]);
        Assert.False(sent.ContainsKey(CommonParameters.DstIP));
        Assert.False(sent.ContainsKey(CommonParameters.DstOriginalIP));
        Assert.Equal(ExternalB, conn.Mechanism.Parameters[CommonParameters.DstIP]);
        Assert.Equal(InternalB, conn.Mechanism.Parameters[CommonParameters.DstOriginalIP]);
        Assert.Equal(ExternalA, conn.Mechanism.Parameters[CommonParameters.SrcIP]);
    }

    [Fact]
    public async Task Client_swaps_only_on_the_source_side()
    {
        var seen = new List<NetworkServiceRequest>();
        var chain = new NetworkServiceClientChain(new SwapIpClient(() => MapA), RemoteForwarder(seen));

        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(ExternalA, seen[0].MechanismPreferences[0].Parameters[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, conn.Mechanism.Parameters[CommonParameters.SrcIP]);
        Assert.False(conn.Mechanism.Parameters.ContainsKey(CommonParameters.SrcOriginalIP));
        Assert.Equal(InternalB, conn.Mechanism.Parameters[CommonParameters.DstIP]);

        var swapped = Request(m => (m.Parameters[CommonParameters.SrcIP], m.Parameters[CommonParameters.SrcOriginalIP]) = ("192.0.2.7", InternalA));
        conn = await chain.RequestAsync(swapped, new NsmContext());
        Assert.Equal("192.0.2.7", seen[1].MechanismPreferences[0].Parameters[CommonParameters.SrcIP]);
        Assert.Equal("192.0.2.7", conn.Mechanism.Parameters[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, conn.Mechanism.Parameters[CommonParameters.SrcOriginalIP]);
    }

    [Fact]
    public async Task Two_proxies_the_remote_side_sees_external_addresses_and_the_source_gets_its_own_back()
    {
        var seen = new List<NetworkServiceRequest>();
        var proxyB = new NetworkServiceServerChain(
            new SwapIpServer(() => MapB),
            Connect(new NetworkServiceClientChain(new SwapIpClient(() => MapB), RemoteForwarder(seen)).RequestAsync));
        var proxyA = new NetworkServiceServerChain(
            new SwapIpServer(() => MapA),
            Connect(new NetworkServiceClientChain(new SwapIpClient(() => MapA), Connect(proxyB.RequestAsync)).RequestAsync));

        var conn = await proxyA.RequestAsync(Request(), new NsmContext());

        var atB = Assert.Single(seen).MechanismPreferences[0].Parameters;
        Assert.Equal(ExternalA, atB[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, atB[CommonParameters.SrcOriginalIP]);
        var back = conn.Mechanism.Parameters;
        Assert.Equal(InternalA, back[CommonParameters.SrcIP]);
        Assert.False(back.ContainsKey(CommonParameters.SrcOriginalIP));
        Assert.Equal(ExternalB, back[CommonParameters.DstIP]);
        Assert.Equal(InternalB, back[CommonParameters.DstOriginalIP]);
    }

    [Fact]
    public async Task An_address_the_map_does_not_name_stays_and_is_marked_as_swapped()
    {
        var seen = new List<NetworkServiceRequest>();
        var chain = new NetworkServiceServerChain(new SwapIpServer(() => IpMap.Empty), RemoteForwarder(seen));

        var conn = await chain.RequestAsync(Request(), new NsmContext());

        Assert.Equal(InternalA, seen[0].MechanismPreferences[0].Parameters[CommonParameters.SrcIP]);
        Assert.Equal(InternalA, seen[0].MechanismPreferences[0].Parameters[CommonParameters.SrcOriginalIP]);
        Assert.Equal(InternalA, conn.Mechanism.Parameters[CommonParameters.SrcIP]);
        Assert.Equal(InternalB, conn.Mechanism.Parameters[CommonParameters.DstIP]);
    }

    [Fact]
    public async Task Close_passes_through_unchanged()
    {
        var closed = new List<Connection>();
        var terminal = new LambdaElement(null, (conn, _, _) =>
        {
            closed.Add(conn.Clone());
            return ValueTask.CompletedTask;
        });
        var connection = new Connection { Id = "conn-1", Mechanism = VxlanMechanism.New(IPAddress.Parse(InternalA)) };
        connection.Mechanism.Parameters[CommonParameters.DstIP] = ExternalB;

        await new NetworkServiceServerChain(new SwapIpServer(() => MapA), terminal).CloseAsync(connection, new NsmContext());
        await new NetworkServiceClientChain(new SwapIpClient(() => MapA), terminal).CloseAsync(connection, new NsmContext());

        Assert.Equal([connection, connection], closed);
    }
}
