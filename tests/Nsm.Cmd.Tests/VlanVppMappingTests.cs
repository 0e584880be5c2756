extern alias vlanvpp;

using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Vpp;
using Nsm.Vpp.Testing;
using vlanvpp::Nsm.Cmd.NseVlanVpp;

namespace Nsm.Cmd.Tests;

public sealed class VlanVppMappingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-vlan-vpp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_guides_vlan_makes_a_segment_on_the_uplink_and_without_it_the_nse_is_upstreams_trunk()
    {
        var segment = VlanVppOptions.FromEnvironment(Env.Of(("NSM_NETWORK_SERVICES", "l2-segment"), ("NSM_VLAN_ID", "100"), ("NSM_DEVICE_NAME", "eth1"), ("NSM_CIDR_PREFIX", "10.60.0.0/24")));
        Assert.True(segment.IsSegment);
        Assert.Equal(new VppBridgeOptions { UplinkName = "eth1", VlanId = 100 }, segment.ToBridgeOptions());
        Assert.Equal(("nsm-nse-vlan-vpp", "vlan-server"), (segment.Vpp.Program, segment.Vpp.Name));
        await using var client = new VppClient(Path.Combine(_dir, "none.sock"), "t", []);
        var endpoint = segment.ToEndpointOptions("inode://4/1", client, new VppBridgeSegments(client, segment.ToBridgeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.IsType<SinglePointIpamServer>(endpoint.AdditionalFunctionality[0]);

        var trunk = VlanVppOptions.FromEnvironment(Env.Of(("NSM_NAME", "vlan-vpp-responder")));
        Assert.False(trunk.IsSegment);
        Assert.Equal(15, trunk.TrunkName.Length);
        Assert.StartsWith("nse", trunk.TrunkName, StringComparison.Ordinal);
        var trunkEndpoint = trunk.ToEndpointOptions("inode://4/1", client, new VppBridgeSegments(client, trunk.ToBridgeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.IsType<Point2PointIpamServer>(trunkEndpoint.AdditionalFunctionality[0]);
        Assert.Equal(["vlan-vpp-responder"], trunk.Vlan.ServiceNames);
    }

    [Theory]
    [InlineData("NSM_VLAN_ID", "5000", "NSM_VLAN_ID")]
    [InlineData("NSM_PAYLOAD", "MPLS", "NSM_PAYLOAD")]
    public void A_bad_value_names_its_variable(string name, string value, string expected)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => VlanVppOptions.FromEnvironment(Env.Of((name, value))));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_vpp_exits_2_with_one_line()
    {
        var socket = Path.Combine(_dir, "missing", "vpp-api.sock");
        var error = new StringWriter();

        var code = await VlanVppProgram.RunAsync([], Env.Of(("NSM_VPP_API_SOCKET", socket), ("PATH", _dir)), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal($"nsm-nse-vlan-vpp: VPP is not reachable at {socket}: no such socket, and no vpp binary on PATH to start one", error.ToString().TrimEnd());
    }

    [Fact]
    public async Task A_vpp_with_another_bridge_crc_exits_2_naming_the_message()
    {
        await using var vpp = FakeVpp.Start(Path.Combine(_dir, "api.sock"));
        vpp.SetMessage("bridge_domain_add_del_v2", "deadbeef");
        var error = new StringWriter();

        var code = await VlanVppProgram.RunAsync([], Env.Of(("NSM_VPP_API_SOCKET", vpp.SocketPath)), error, CancellationToken.None);

        Assert.Equal(2, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("nsm-nse-vlan-vpp: VPP at " + vpp.SocketPath, line, StringComparison.Ordinal);
        Assert.Contains("(it has bridge_domain_add_del_v2_deadbeef)", line, StringComparison.Ordinal);
    }
}
