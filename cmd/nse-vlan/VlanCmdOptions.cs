using System.Globalization;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Segments;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Cmd.NseVlan;

/// <summary>
/// cmd-nse-vlan settings: upstream cmd-nse-vlan-vpp's <c>NSM_*</c> variables plus the guide's
/// <c>NSM_NETWORK_SERVICES</c> and <c>NSM_VLAN_ID</c>, <c>NSM_DEVICE_NAME</c> (the uplink) and
/// <c>NSM_VLAN_UPLINK_MODE</c>. Unlike upstream (169.254.0.0/16), <c>NSM_CIDR_PREFIX</c> has no default: the guide's
/// clients get <c>nsm-1</c> without an address; with a prefix each client gets one address of it on the shared subnet.
/// </summary>
internal sealed record VlanCmdOptions
{
    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required Uri ListenOn { get; init; }

    public required IReadOnlyList<string> ServiceNames { get; init; }

    public required string Payload { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required bool RegisterService { get; init; }

    public required bool UnregisterItself { get; init; }

    public required IReadOnlyList<string> CidrPrefix { get; init; }

    public required int? VlanId { get; init; }

    public required string DeviceName { get; init; }

    public required VlanUplinkMode UplinkMode { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public static VlanCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var services = env.GetList("NSM_SERVICE_NAMES", "NSM_NETWORK_SERVICES");
        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-nse-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var payload = env.GetString("NSM_PAYLOAD", "ETHERNET").ToUpperInvariant();
        if (payload is not ("ETHERNET" or "IP"))
        {
            throw new NsmConfigurationException($"NSM_PAYLOAD: '{payload}' is not ETHERNET or IP");
        }

        var options = new VlanCmdOptions
        {
            Name = env.GetString("NSM_NAME", "vlan-server"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            ServiceNames = services.Count > 0 ? services : ["vlan-vpp-responder"],
            Payload = payload,
            Labels = env.GetLabels("NSM_LABELS"),
            RegisterService = env.GetBool("NSM_REGISTER_SERVICE", true),
            UnregisterItself = env.GetBool("NSM_UNREGISTER_ITSELF", false),
            CidrPrefix = env.Find("NSM_CIDR_PREFIX") is { Value.Length: > 0 } ? env.GetCidrs("NSM_CIDR_PREFIX", "") : [],
            VlanId = ParseVlanId(env.GetRaw("NSM_VLAN_ID")),
            DeviceName = env.GetString("NSM_DEVICE_NAME", "eth0"),
            UplinkMode = ParseMode(env.GetString("NSM_VLAN_UPLINK_MODE", "auto")),
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
        try
        {
            options.ToSegmentOptions(null).Validate();
        }
        catch (ArgumentException e)
        {
            var variable = e.ParamName switch
            {
                nameof(L2SegmentOptions.Services) => "NSM_SERVICE_NAMES",
                nameof(L2SegmentOptions.UplinkName) => "NSM_DEVICE_NAME",
                _ => "NSM_VLAN_ID",
            };
            throw new NsmConfigurationException($"{variable}: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        return options;
    }

    /// <summary>Gets the segments' options: one per service, the VLAN uplink when NSM_VLAN_ID is set.</summary>
    public L2SegmentOptions ToSegmentOptions(TimeProvider? clock) => new()
    {
        Services = ServiceNames,
        VlanId = VlanId,
        UplinkName = DeviceName,
        UplinkMode = UplinkMode,
        Clock = clock,
    };

    /// <summary>Gets the endpoint chain: the client's address on the shared subnet (only with NSM_CIDR_PREFIX), the KERNEL mechanism, the segment.</summary>
    public EndpointOptions ToEndpointOptions(string netNSUrl, L2SegmentServer segments) => new()
    {
        Name = Name,
        MaxTokenLifetime = MaxTokenLifetime,
        AdditionalFunctionality =
        [
            .. CidrPrefix.Count > 0 ? [new SinglePointIpamServer([.. CidrPrefix])] : Array.Empty<INetworkServiceServer>(),
            new MechanismsServer(new Dictionary<string, INetworkServiceServer>
            {
                ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = netNSUrl }),
            }),
            segments,
        ],
    };

    /// <summary>Gets what is registered through the nsmgr: the services (unless NSM_REGISTER_SERVICE=false), then the endpoint.</summary>
    public NsmRegistrationOptions ToRegistrationOptions() => new()
    {
        RegistryUrl = ConnectTo,
        Endpoint = EndpointRecord.Create(Name, ListenOn.ToString(), ServiceNames, Labels),
        Services = RegisterService ? [.. ServiceNames.Select(s => new NetworkService { Name = s, Payload = Payload })] : [],
        UnregisterOnStop = UnregisterItself,
        DialTimeout = DialTimeout,
    };

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} services={string.Join(',', ServiceNames)} payload={Payload} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} registerService={RegisterService} " +
        $"cidr={(CidrPrefix.Count > 0 ? string.Join(',', CidrPrefix) : "(none)")} vlan={VlanId?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} " +
        $"device={DeviceName} uplinkMode={UplinkMode} maxTokenLifetime={MaxTokenLifetime}";

    private static int? ParseVlanId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is >= 1 and <= 4094
            ? id
            : throw new NsmConfigurationException($"NSM_VLAN_ID: '{text}' is not a VLAN id (1..4094)");
    }

    private static VlanUplinkMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => VlanUplinkMode.Auto,
        "link" => VlanUplinkMode.Link,
        "bpf" => VlanUplinkMode.Bpf,
        _ => throw new NsmConfigurationException($"NSM_VLAN_UPLINK_MODE: '{text}' is not auto, link or bpf"),
    };
}
