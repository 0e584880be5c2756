using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Kernel;

/// <summary>
/// Completes the selected KERNEL mechanism (<c>connection.mechanism</c>) with the netns URL, an interface name when
/// it has none and, when configured, the MTU. Other mechanisms pass untouched. Control plane only.
/// </summary>
/// <remarks>
/// Usually registered under <c>KERNEL</c> in a <see cref="MechanismsServer"/>. Name choice as in
/// <see cref="KernelMechanismClient"/>, remembered in the server metadata when available.
/// </remarks>
public sealed class KernelMechanismServer : INetworkServiceServer
{
    private readonly KernelMechanismNaming _naming;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public KernelMechanismServer(KernelMechanismOptions? options = null) => _naming = new KernelMechanismNaming(options);

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (KernelMechanism.ToMechanism(request.Connection?.Mechanism) is { } kernel)
        {
            _naming.Complete(kernel, request.Connection, context, isClient: false);
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            KernelMechanismNaming.Forget(context, isClient: false);
        }
    }
}
