using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.L2Xconnect;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp.Messages.L2;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class L2XconnectTests
{
    private static NsmContext BothSides()
    {
        var context = NewContext();
        VppInterfaces.Store(context, isClient: false, 7);
        VppInterfaces.Store(context, isClient: true, 8);
        return context;
    }

    [Fact]
    public async Task Both_directions_are_connected_once_and_Close_returns_both_to_l3()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new L2XconnectServer(f.Client));
        var context = BothSides();

        await chain.RequestAsync(NewRequest(), context);
        var connection = await chain.RequestAsync(NewRequest(), context);
        await chain.CloseAsync(connection, context);
        await chain.CloseAsync(connection, context);

        Assert.Equal(
            [(7u, 8u, true), (8u, 7u, true), (7u, 0u, false), (8u, 0u, false)],
            f.Decoded<SwInterfaceSetL2Xconnect>().Select(m => (m.RxSwIfIndex, m.TxSwIfIndex, m.Enable)));
    }

    [Fact]
    public async Task A_failed_second_direction_is_a_status_and_undoes_the_first()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<SwInterfaceSetL2Xconnect, SwInterfaceSetL2XconnectReply>(m => new() { Retval = m.Enable && m.RxSwIfIndex == 8 ? -2 : 0 });

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await new NetworkServiceServerChain(new L2XconnectServer(f.Client)).RequestAsync(NewRequest(), BothSides()));

        Assert.Equal("l2xconnect: VPP answered sw_interface_set_l2_xconnect with retval -2", error.Message);
        Assert.Equal(
            [(7u, 8u, true), (8u, 7u, true), (7u, 0u, false)],
            f.Decoded<SwInterfaceSetL2Xconnect>().Select(m => (m.RxSwIfIndex, m.TxSwIfIndex, m.Enable)));
    }

    [Fact]
    public async Task Nothing_happens_while_one_side_has_no_interface()
    {
        await using var f = new VppElementFixture();
        var context = NewContext();
        VppInterfaces.Store(context, isClient: false, 7);
        var chain = new NetworkServiceServerChain(new L2XconnectServer(f.Client));

        var connection = await chain.RequestAsync(NewRequest(), context);
        await chain.CloseAsync(connection, context);

        Assert.Empty(f.Names());
    }
}
