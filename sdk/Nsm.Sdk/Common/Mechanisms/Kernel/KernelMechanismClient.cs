using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Kernel;

/// <summary>
/// Offers the KERNEL mechanism: completes every KERNEL preference (or appends one when there is none) with the
/// netns URL, an interface name and, when configured, the MTU. Control plane only: creates no interface.
/// </summary>
/// <remarks>
/// Name choice: a name already in the preference, else <see cref="KernelMechanismOptions.InterfaceName"/> (cut to
/// 15), else a generated <c>&lt;service[:10]&gt;-&lt;random&gt;</c>, remembered per connection in the client
/// metadata when a metadata element ran before.
/// </remarks>
public sealed class KernelMechanismClient : INetworkServiceClient
{
    private readonly KernelMechanismNaming _naming;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public KernelMechanismClient(KernelMechanismOptions? options = null) => _naming = new KernelMechanismNaming(options);

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var found = false;
        foreach (var preference in request.MechanismPreferences)
        {
            if (KernelMechanism.ToMechanism(preference) is { } kernel)
            {
                _naming.Complete(kernel, request.Connection, context, isClient: true);
                found = true;
            }
        }

        if (!found)
        {
            var kernel = KernelMechanism.ToMechanism(KernelMechanism.New(_naming.NetNSUrl))!;
            _naming.Complete(kernel, request.Connection, context, isClient: true);
            request.MechanismPreferences.Add(kernel.Mechanism);
        }

        return await next.RequestAsync(request, context).ConfigureAwait(false);
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
            KernelMechanismNaming.Forget(context, isClient: true);
        }
    }
}
