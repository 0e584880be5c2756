using Nsm.Cmd.NseIcmpResponder;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NseKernel;

/// <summary>
/// cmd-nse-kernel settings. Without a device it is cmd-nse-icmp-responder (upstream deploys that image as
/// "nse-kernel"); with <c>NSM_DEVICE_NAME</c> (or a <c>via</c> in cmd-nse-remote-vlan's <c>NSM_SERVICES</c>) its
/// clients join the external network behind that device.
/// </summary>
internal sealed record NseKernelCmdOptions
{
    /// <summary>Gets the icmp-responder's settings: name, services, CIDRs, labels, registration.</summary>
    public required NseCmdOptions Endpoint { get; init; }

    /// <summary>Gets the external network, or null for a plain icmp responder.</summary>
    public ExternalNetworkOptions? External { get; init; }

    public static NseKernelCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var endpoint = NseCmdOptions.FromEnvironment(env);
        var services = RemoteVlanService.ParseAll(env.GetRaw("NSM_SERVICES"));
        if (services.FirstOrDefault(s => s.VlanTag != 0) is { } tagged)
        {
            throw new NsmConfigurationException($"NSM_SERVICES: {tagged.Name} asks for VLAN {tagged.VlanTag}; nse-kernel puts its clients on the device untagged (cmd/nse-vlan carries a tagged segment)");
        }

        if (services.Count > 0)
        {
            var labels = services.SelectMany(s => s.Labels).Concat(endpoint.Labels).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            endpoint = endpoint with { ServiceNames = [.. services.Select(s => s.Name)], Labels = labels };
        }

        var device = env.GetString("NSM_DEVICE_NAME", services.Select(s => s.Via).FirstOrDefault(v => v.Length > 0) ?? string.Empty);
        return new NseKernelCmdOptions
        {
            Endpoint = endpoint,
            External = device.Length == 0 ? null : ExternalNetworkOptions.FromEnvironment(env, device, [.. endpoint.CidrGroups.SelectMany(g => g)]),
        };
    }

    public EndpointOptions ToEndpointOptions(string netNSUrl)
    {
        var icmpResponder = Endpoint.ToEndpointOptions(netNSUrl);
        return External?.ToEndpointOptions(icmpResponder) ?? icmpResponder;
    }

    public NsmRegistrationOptions ToRegistrationOptions() => Endpoint.ToRegistrationOptions();

    public override string ToString() => External is null ? Endpoint.ToString() : $"{Endpoint} external: {External}";
}
