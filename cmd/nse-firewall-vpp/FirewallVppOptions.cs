using Microsoft.Extensions.Logging;
using Nsm.Cmd.NseFirewall;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Acl;
using Nsm.Sdk.Vpp.Hosting;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Vpp;

namespace Nsm.Cmd.NseFirewallVpp;

/// <summary>
/// cmd-nse-firewall-vpp settings: the kernel firewall's (<see cref="FirewallCmdOptions"/>: upstream's variables, the
/// guide's <c>NSM_FIREWALL_RULES</c> and upstream's <c>NSM_ACL_CONFIG_PATH</c>, parsed by the same code) plus the VPP's
/// (<c>NSM_VPP_API_SOCKET</c>, <c>NSM_VPP_MIN_OPERATION_TIMEOUT</c>). The rules become VPP ACLs here, so a rule VPP cannot
/// take stops the program before it starts.
/// </summary>
internal sealed record FirewallVppOptions
{
    public required FirewallCmdOptions Firewall { get; init; }

    public required VppRuntimeOptions Vpp { get; init; }

    /// <summary>Gets the rules as VPP ACLs: ingress as written, egress mirrored; order kept.</summary>
    public required VppAclRules Acl { get; init; }

    public static FirewallVppOptions FromEnvironment(NsmEnvironment env)
    {
        var firewall = FirewallCmdOptions.FromEnvironment(env);
        VppAclRules acl;
        try
        {
            acl = VppAclRules.FromRuleSet(firewall.Rules);
        }
        catch (ArgumentException e)
        {
            throw new NsmConfigurationException($"NSM_FIREWALL_RULES: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        return new FirewallVppOptions
        {
            Firewall = firewall,
            Vpp = VppRuntimeOptions.FromEnvironment(env, FirewallVppProgram.ProgramName, firewall.Name, VppPassthroughMessages.All),
            Acl = acl,
        };
    }

    /// <summary>Gets the passthrough NSE's chains on the NSE's VPP.</summary>
    public VppPassthroughEndpoint ToPassthrough(string netNSUrl) => new()
    {
        Name = Firewall.Name,
        ConnectTo = Firewall.ConnectTo,
        NetNSUrl = netNSUrl,
        Labels = Firewall.Labels,
        DialTimeout = Firewall.DialTimeout,
        MaxTokenLifetime = Firewall.MaxTokenLifetime,
    };

    /// <summary>Gets the endpoint chain: the VPP passthrough, with the ACL on the incoming interface.</summary>
    public EndpointOptions ToEndpointOptions(string netNSUrl, IVppApi vpp, NsmBuildContext context, ILogger logger) =>
        ToPassthrough(netNSUrl).ToEndpointOptions(vpp, context, () => [new VppAclServer(vpp, Acl)], logger);

    public override string ToString() => $"{Firewall} {Vpp}";
}
