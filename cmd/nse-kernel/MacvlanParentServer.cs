using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Cmd.NseKernel;

/// <summary>
/// Names the device the client's interface sits on in the selected KERNEL mechanism
/// (<see cref="KernelMechanism.MacvlanParentKey"/>): the kernel forwarder then gives the client a macvlan on that
/// device of this endpoint's namespace instead of a veth pair into it. Put it after the mechanisms server.
/// </summary>
/// <param name="device">The device, e.g. <c>eth1</c>.</param>
internal sealed class MacvlanParentServer(string device) : INetworkServiceServer
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (KernelMechanism.ToMechanism(request.Connection?.Mechanism) is { } kernel)
        {
            kernel.MacvlanParent = device;
        }

        return next.RequestAsync(request, context);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
