using Microsoft.Extensions.Logging;
using Nsm.Cmd.NseVlan;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Sdk.Vpp.Hosting;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Vpp;

namespace Nsm.Cmd.NseVlanVpp;

/// <summary>
/// cmd-nse-vlan-vpp settings: the kernel L2 NSE's (<see cref="VlanCmdOptions"/>, parsed by the same code) plus the VPP's
/// (<c>NSM_VPP_API_SOCKET</c>, <c>NSM_VPP_MIN_OPERATION_TIMEOUT</c>). With the guide's <c>NSM_VLAN_ID</c> the clients share
/// one bridge domain with that VLAN of <c>NSM_DEVICE_NAME</c>; without it the NSE is upstream's trunk (one fixed interface
/// name, a sub-interface per client VLAN, point-to-point addresses of <c>NSM_CIDR_PREFIX</c>, upstream's 169.254.0.0/16 by default).
/// </summary>
internal sealed record VlanVppOptions
{
    /// <summary>Upstream's NSM_CIDR_PREFIX default for the trunk.</summary>
    public const string DefaultTrunkCidr = "169.254.0.0/16";

    public required VlanCmdOptions Vlan { get; init; }

    public required VppRuntimeOptions Vpp { get; init; }

    /// <summary>Gets the trunk's interface name (upstream's: from NSM_NAME).</summary>
    public string TrunkName => VlanTrunkServer.TrunkName(Vlan.Name);

    /// <summary>Gets whether the clients share the guide's VLAN segment (NSM_VLAN_ID set) rather than upstream's trunk.</summary>
    public bool IsSegment => Vlan.VlanId is not null;

    public static VlanVppOptions FromEnvironment(NsmEnvironment env)
    {
        var vlan = VlanCmdOptions.FromEnvironment(env);
        return new VlanVppOptions
        {
            Vlan = vlan,
            Vpp = VppRuntimeOptions.FromEnvironment(env, VlanVppProgram.ProgramName, vlan.Name, VlanTrunkEndpoint.Messages),
        };
    }

    /// <summary>Gets the segment's uplink: NSM_DEVICE_NAME tagged NSM_VLAN_ID.</summary>
    public VppBridgeOptions ToBridgeOptions() => new() { UplinkName = Vlan.DeviceName, VlanId = (ushort?)Vlan.VlanId };

    /// <summary>Gets the endpoint chain: the addresses (IPAM), then the segment or the trunk.</summary>
    public EndpointOptions ToEndpointOptions(string netNSUrl, IVppApi vpp, VppBridgeSegments segments, ILogger logger) => new()
    {
        Name = Vlan.Name,
        MaxTokenLifetime = Vlan.MaxTokenLifetime,
        AdditionalFunctionality = IsSegment
            ?
            [
                .. Vlan.CidrPrefix.Count > 0 ? [new SinglePointIpamServer([.. Vlan.CidrPrefix])] : Array.Empty<INetworkServiceServer>(),
                VppSegmentEndpoint.Server(vpp, segments, netNSUrl, null, logger),
            ]
            :
            [
                new Point2PointIpamServer(Vlan.CidrPrefix.Count > 0 ? [.. Vlan.CidrPrefix] : [DefaultTrunkCidr]),
                VlanTrunkEndpoint.Server(vpp, netNSUrl, TrunkName, null, logger),
            ],
    };

    public override string ToString() => $"{Vlan} mode={(IsSegment ? "segment" : "trunk " + TrunkName)} {Vpp}";
}
