using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.Passthrough;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>
/// The chains of a kernel passthrough NSE (upstream's firewall and the network functions of its nse-composition
/// example), for a program to serve: the endpoint takes the KERNEL mechanism, joins the incoming interface and its
/// onward connection's at L2 (<see cref="KernelXconnect"/>), runs the data-path elements it is given on the
/// connection (an ACL, a flow watch…) and requests the same service onward through its own client, whose
/// <see cref="PassthroughEndpoint.Labels"/> select the next hop (<see cref="PassthroughClient"/>). The onward client does not refresh on
/// its own: the incoming refresh carries it, as upstream.
/// <para>A program registers the endpoint with the same name and labels, and no network service (the service and its
/// matches are the user's).</para>
/// </summary>
/// <example>
/// <code>
/// var passthrough = new KernelPassthroughEndpoint { Name = "fw", ConnectTo = nsmgr, NetNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId) };
/// var endpoint = passthrough.ToEndpointOptions(xconnect, sp.GetRequiredService&lt;NsmBuildContext&gt;(), new AclServer(enforcer));
/// </code>
/// </example>
public sealed record KernelPassthroughEndpoint : PassthroughEndpoint
{
    /// <summary>
    /// Gets the endpoint chain: the KERNEL mechanism, <paramref name="xconnect"/>'s server half, then
    /// <paramref name="dataPath"/> in order (each sees the connection once the rest of the chain set it up, and its
    /// Close first), then the onward connection (<see cref="ToClientOptions"/>).
    /// </summary>
    /// <param name="xconnect">The L2 join of each connection's two interfaces.</param>
    /// <param name="context">
    /// The host's build context: the onward client dials and signs with the host's security (mTLS and SVID tokens),
    /// under the NSE's own name so that its request reuses the NSE's path segment.
    /// </param>
    /// <param name="dataPath">The elements that act on the joined path (none for a plain passthrough).</param>
    /// <returns>The endpoint options.</returns>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public EndpointOptions ToEndpointOptions(KernelXconnect xconnect, NsmBuildContext context, params IEnumerable<INetworkServiceServer> dataPath)
    {
        ArgumentNullException.ThrowIfNull(xconnect);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataPath);
        Validate();
        return new EndpointOptions
        {
            Name = Name,
            MaxTokenLifetime = MaxTokenLifetime,
            AdditionalFunctionality =
            [
                new MechanismsServer(new Dictionary<string, INetworkServiceServer>
                {
                    ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = NetNSUrl }),
                }),
                xconnect.Server,
                .. dataPath,
                new ConnectServer(new NsmClient(ToClientOptions(xconnect), context)),
            ],
        };
    }

    /// <summary>Gets the onward client chain: mechanism translation, the passthrough labels, <paramref name="xconnect"/>'s client half, the KERNEL mechanism.</summary>
    /// <param name="xconnect">The L2 join (its client half remembers the outgoing interface).</param>
    /// <returns>The client options (no refresh of its own).</returns>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public ClientOptions ToClientOptions(KernelXconnect xconnect)
    {
        ArgumentNullException.ThrowIfNull(xconnect);
        return OnwardClientOptions(xconnect.Client, new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = NetNSUrl }));
    }
}
