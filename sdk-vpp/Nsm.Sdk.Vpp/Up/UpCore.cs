using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Up;

/// <summary>Sets one side's VPP interface admin up after the rest of the chain answered.</summary>
internal sealed class UpCore(IVppApi vpp, bool isClient)
{
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync("up", request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => next.CloseAsync(c, ctx));

    public static ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        if (!VppInterfaces.TryLoad(context, isClient, out var swIfIndex))
        {
            VppElementLog.NoInterface(context.Logger, "up", connection.Id, isClient ? "client" : "server");
            return;
        }

        await _vpp.RequestAsync<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(
            new SwInterfaceSetFlags { SwIfIndex = swIfIndex, Flags = IfStatusFlags.AdminUp }, cancellationToken);
    }
}
