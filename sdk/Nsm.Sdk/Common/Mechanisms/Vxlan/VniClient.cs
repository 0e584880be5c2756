using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Vxlan;

/// <summary>Sets this side's tunnel endpoint (<c>src_ip</c>, <c>src_port</c>) on every VXLAN preference.</summary>
/// <remarks>The VNI and the destination are chosen by the <see cref="VniServer"/> of the next hop.</remarks>
public sealed class VniClient : INetworkServiceClient
{
    private readonly VniOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The tunnel IP and port.</param>
    public VniClient(VniOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var preference in request.MechanismPreferences)
        {
            if (VxlanMechanism.ToMechanism(preference) is { } vxlan)
            {
                vxlan.SrcIP = _options.TunnelIP;
                vxlan.SrcPort = _options.Port;
            }
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
