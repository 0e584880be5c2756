using System.Globalization;
using Nsm.Sdk.Api;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NseIcmpResponder;

/// <summary>cmd-nse-icmp-responder settings, read from upstream's <c>NSM_*</c> environment variables.</summary>
internal sealed record NseCmdOptions
{
    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required Uri ListenOn { get; init; }

    public required IReadOnlyList<string> ServiceNames { get; init; }

    public required IReadOnlyList<IReadOnlyList<string>> CidrGroups { get; init; }

    public required bool RegisterService { get; init; }

    public required bool UnregisterItself { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required string Payload { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public static NseCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var services = env.GetList("NSM_SERVICE_NAMES", "NSM_NETWORK_SERVICES");
        var cidr = env.GetString("NSM_CIDR_PREFIX", "169.254.0.0/16");
        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-nse-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var payload = env.GetString("NSM_PAYLOAD", "ETHERNET").ToUpperInvariant();
        if (payload is not ("ETHERNET" or "IP"))
        {
            throw new NsmConfigurationException($"NSM_PAYLOAD: '{payload}' is not ETHERNET or IP");
        }

        return new NseCmdOptions
        {
            Name = env.GetString("NSM_NAME", "icmp-server"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            ServiceNames = services.Count > 0 ? services : ["icmp-responder"],
            CidrGroups = ParseGroups(cidr),
            RegisterService = env.GetBool("NSM_REGISTER_SERVICE", true),
            UnregisterItself = env.GetBool("NSM_UNREGISTER_ITSELF", false),
            Labels = env.GetLabels("NSM_LABELS"),
            Payload = payload,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>Parses upstream's <c>cidr.Groups</c>: comma-separated CIDRs, <c>[a,b]</c> brackets one group.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseGroups(string text)
    {
        var groups = new List<IReadOnlyList<string>>();
        List<string>? open = null;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var item = raw;
            var starts = item.StartsWith('[');
            var ends = item.EndsWith(']');
            item = item.Trim('[', ']').Trim();
            if (!IpCidr.TryParseLenient(item, out _))
            {
                throw new NsmConfigurationException($"NSM_CIDR_PREFIX: '{item}' is not a CIDR such as 10.100.1.0/24");
            }

            if (starts)
            {
                open = [];
            }

            if (open is not null)
            {
                open.Add(item);
                if (ends)
                {
                    groups.Add(open);
                    open = null;
                }
            }
            else
            {
                groups.Add([item]);
            }
        }

        if (open is not null || groups.Count == 0)
        {
            throw new NsmConfigurationException($"NSM_CIDR_PREFIX: '{text}' has no CIDR or an unclosed '['");
        }

        return groups;
    }

    /// <summary>Gets the endpoint chain's options: point-to-point IPAM per CIDR group, the kernel mechanism in this process's namespace.</summary>
    public EndpointOptions ToEndpointOptions(string netNSUrl) => new()
    {
        Name = Name,
        MaxTokenLifetime = MaxTokenLifetime,
        AdditionalFunctionality =
        [
            .. CidrGroups.Select(g => new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = [.. g], Mode = PointToPointMode.SharedEndpoint })),
            new MechanismsServer(new Dictionary<string, INetworkServiceServer>
            {
                ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = netNSUrl }),
            }),
        ],
    };

    /// <summary>Gets what is registered through the nsmgr: the services (unless NSM_REGISTER_SERVICE=false), then the endpoint.</summary>
    public NsmRegistrationOptions ToRegistrationOptions()
    {
        var nse = EndpointRecord.Create(Name, ListenOn.ToString(), ServiceNames, Labels);

        return new NsmRegistrationOptions
        {
            RegistryUrl = ConnectTo,
            Endpoint = nse,
            Services = RegisterService ? [.. ServiceNames.Select(s => new NetworkService { Name = s, Payload = Payload })] : [],
            UnregisterOnStop = UnregisterItself,
            DialTimeout = DialTimeout,
        };
    }

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} services={string.Join(',', ServiceNames)} " +
        $"cidr={string.Join(',', CidrGroups.Select(g => "[" + string.Join(',', g) + "]"))} registerService={RegisterService} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} payload={Payload} maxTokenLifetime={MaxTokenLifetime}";
}
