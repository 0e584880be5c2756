using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Cmd.NseKernel;

/// <summary>
/// Names the device the client's interface sits on in the selected KERNEL mechanism
/// (<see cref="KernelMechanism.MacvlanParentKey"/>): the kernel forwarder then gives the client a macvlan on that
/// device of this endpoint's namespace instead of a veth pair into it. A macvlan cannot be larger than its device, so
/// the connection's MTU is lowered to the device's when it is larger (or unset). Put it after the mechanisms server.
/// </summary>
/// <param name="device">The device, e.g. <c>eth1</c>.</param>
/// <param name="deviceMtu">Reads the device's MTU now.</param>
internal sealed class MacvlanParentServer(string device, Func<CancellationToken, Task<int>> deviceMtu) : INetworkServiceServer
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (KernelMechanism.ToMechanism(request.Connection?.Mechanism) is { } kernel)
        {
            kernel.MacvlanParent = device;
            var mtu = await deviceMtu(context.CancellationToken).ConfigureAwait(false);
            var connectionContext = request.Connection!.Context ??= new ConnectionContext();
            if (mtu > 0 && (connectionContext.MTU == 0 || connectionContext.MTU > mtu))
            {
                connectionContext.MTU = (uint)mtu;
            }
        }

        return await next.RequestAsync(request, context).ConfigureAwait(false);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
