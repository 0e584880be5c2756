using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;

namespace Nsm.Sdk.Vpp.Mtu;

/// <summary>Sets one side's VPP interface MTU from the connection's context after the rest of the chain answered.</summary>
internal sealed class MtuCore(IVppApi vpp, bool isClient)
{
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync("mtu", request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public static ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var mtu = connection.Context?.MTU ?? 0;
        if (mtu == 0)
        {
            return;
        }

        if (!VppInterfaces.TryLoad(context, isClient, out var swIfIndex))
        {
            VppElementLog.NoInterface(context.Logger, "mtu", connection.Id, isClient ? "client" : "server");
            return;
        }

        // mtu[4] is indexed by mtu_proto (L3, IP4, IP6, MPLS): all four get the connection's MTU.
        await _vpp.RequestAsync<SwInterfaceSetMtu, SwInterfaceSetMtuReply>(
            new SwInterfaceSetMtu { SwIfIndex = swIfIndex, Mtu = [mtu, mtu, mtu, mtu] }, cancellationToken);
    }
}
