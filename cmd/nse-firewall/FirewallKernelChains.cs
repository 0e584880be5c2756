using Nsm.Sdk.Acl;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Kernel.Passthrough;

namespace Nsm.Cmd.NseFirewall;

/// <summary>The kernel firewall's chains from its settings: the connection's two interfaces bridged, nftables on the bridge.</summary>
internal static class FirewallKernelChains
{
    /// <summary>Gets the passthrough NSE's chains (the KERNEL mechanism, the L2 join, the onward connection to the same service).</summary>
    public static KernelPassthroughEndpoint ToPassthrough(this FirewallCmdOptions options, string netNSUrl) => new()
    {
        Name = options.Name,
        ConnectTo = options.ConnectTo,
        NetNSUrl = netNSUrl,
        Labels = options.Labels,
        DialTimeout = options.DialTimeout,
        MaxTokenLifetime = options.MaxTokenLifetime,
    };

    /// <summary>Gets the endpoint chain: the passthrough's, with the ACL on the joined path.</summary>
    public static EndpointOptions ToEndpointOptions(this FirewallCmdOptions options, string netNSUrl, KernelXconnect xconnect, NsmBuildContext context, IAclEnforcer enforcer) =>
        options.ToPassthrough(netNSUrl).ToEndpointOptions(xconnect, context, new AclServer(enforcer));

    /// <summary>Gets the onward client: no refresh of its own (the incoming refresh carries it), as upstream.</summary>
    public static ClientOptions ToClientOptions(this FirewallCmdOptions options, string netNSUrl, KernelXconnect xconnect) => options.ToPassthrough(netNSUrl).ToClientOptions(xconnect);
}
