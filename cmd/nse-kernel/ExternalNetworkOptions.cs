using System.Globalization;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.SharedSubnetIpam;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.External;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Cmd.NseKernel;

/// <summary>
/// The external network behind <see cref="Device"/>: each client joins it with a macvlan on the device and one
/// address per subnet, probed on the device first (ARP for IPv4, DAD for IPv6).
/// </summary>
internal sealed record ExternalNetworkOptions
{
    /// <summary>Gets the device in this endpoint's namespace (<c>NSM_DEVICE_NAME</c>), e.g. <c>eth1</c>.</summary>
    public required string Device { get; init; }

    /// <summary>Gets the subnets (<c>NSM_CIDR_PREFIX</c>, one IPv4 and one IPv6 for dual stack).</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary>Gets the gateways (<c>NSM_GATEWAY</c>; default each subnet's first host).</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>Gets the addresses never handed out (<c>NSM_EXCLUDED_PREFIXES</c>).</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Gets the extra routes through the gateway (<c>NSM_ROUTES</c>).</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>Gets the probes per candidate (<c>NSM_PROBE_COUNT</c>).</summary>
    public int ProbeCount { get; init; } = 3;

    /// <summary>Gets the time between probes (<c>NSM_PROBE_INTERVAL</c>).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public static ExternalNetworkOptions FromEnvironment(NsmEnvironment env, string device, IReadOnlyList<string> prefixes)
    {
        var options = new ExternalNetworkOptions
        {
            Device = device,
            Prefixes = prefixes,
            Gateways = env.GetList("NSM_GATEWAY"),
            Excluded = env.GetList("NSM_EXCLUDED_PREFIXES"),
            Routes = env.GetList("NSM_ROUTES"),
            ProbeCount = (int)Math.Min(env.GetUInt("NSM_PROBE_COUNT", 3), 100),
            ProbeInterval = env.GetDuration("NSM_PROBE_INTERVAL", TimeSpan.FromMilliseconds(100)),
        };
        if (options.ProbeCount == 0 || options.ProbeInterval <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException("NSM_PROBE_COUNT and NSM_PROBE_INTERVAL must be positive");
        }

        try
        {
            options.ToIpamOptions(null).Validate();
        }
        catch (ArgumentException ex)
        {
            throw new NsmConfigurationException($"NSM_CIDR_PREFIX, NSM_GATEWAY, NSM_EXCLUDED_PREFIXES or NSM_ROUTES: {ex.Message}");
        }

        return options;
    }

    public SharedSubnetIpamOptions ToIpamOptions(IAddressProbe? probe) =>
        new() { Prefixes = Prefixes, Gateways = Gateways, Excluded = Excluded, Routes = Routes, Probe = probe };

    /// <summary>
    /// The icmp-responder's endpoint with the shared-subnet IPAM (probing on the device) in place of its
    /// point-to-point IPAM, and the macvlan parent named after its KERNEL mechanism.
    /// </summary>
    public EndpointOptions ToEndpointOptions(EndpointOptions icmpResponder)
    {
        var probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = Device, ProbeCount = ProbeCount, ProbeInterval = ProbeInterval });
        return icmpResponder with
        {
            AdditionalFunctionality =
            [
                new SharedSubnetIpamServer(ToIpamOptions(probe)),
                .. icmpResponder.AdditionalFunctionality.Where(e => e is not Point2PointIpamServer),
                new MacvlanParentServer(Device, DeviceMtuAsync),
            ],
        };
    }

    /// <summary>Fails at start, with one line, when the device is not in this namespace.</summary>
    public async Task CheckDeviceAsync(CancellationToken cancellationToken)
    {
        if (await FindDeviceAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NsmConfigurationException($"NSM_DEVICE_NAME: no device '{Device}' in this endpoint's network namespace (with hostNetwork: true it is the node's)");
        }
    }

    /// <summary>The device's MTU now (0 when it is gone: the forwarder then reports the missing device).</summary>
    public async Task<int> DeviceMtuAsync(CancellationToken cancellationToken) =>
        (await FindDeviceAsync(cancellationToken).ConfigureAwait(false))?.Mtu ?? 0;

    private async Task<LinkInfo?> FindDeviceAsync(CancellationToken cancellationToken)
    {
        using var ns = NetNs.OpenCurrentProcess();
        using var nl = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        return await nl.TryGetLinkAsync(Device, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"device={Device} prefixes={string.Join(',', Prefixes)} gateways={string.Join(',', Gateways)} ") +
        string.Create(CultureInfo.InvariantCulture, $"excluded={string.Join(',', Excluded)} routes={string.Join(',', Routes)} probes={ProbeCount}x{ProbeInterval.TotalMilliseconds}ms");
}
