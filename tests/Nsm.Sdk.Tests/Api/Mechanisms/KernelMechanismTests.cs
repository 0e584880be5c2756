using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Tests.Api.Mechanisms;

public class KernelMechanismTests
{
    [Fact]
    public void New_is_local_kernel_with_netns_url()
    {
        var m = KernelMechanism.New("file:///proc/thread-self/ns/net");
        Assert.Equal("LOCAL", m.Cls);
        Assert.Equal("KERNEL", m.Type);
        Assert.Equal("file:///proc/thread-self/ns/net", m.Parameters["inodeURL"]);
        Assert.Single(m.Parameters);
    }

    [Fact]
    public void ToMechanism_checks_type()
    {
        Assert.Null(KernelMechanism.ToMechanism(null));
        Assert.Null(KernelMechanism.ToMechanism(new Mechanism { Type = "MEMIF" }));
        Assert.NotNull(KernelMechanism.ToMechanism(new Mechanism { Type = "KERNEL" }));
    }

    [Fact]
    public void Keys_are_wire_strings()
    {
        Assert.Equal("name", KernelMechanism.InterfaceNameKey);
        Assert.Equal("inodeURL", KernelMechanism.NetNSUrlKey);
        Assert.Equal("netnsInode", KernelMechanism.NetNSInodeKey);
        Assert.Equal("pciAddress", KernelMechanism.PciAddressKey);
        Assert.Equal("tokenID", KernelMechanism.DeviceTokenIdKey);
        Assert.Equal("supportsVlan", KernelMechanism.SupportsVlanKey);
        Assert.Equal("vlan", KernelMechanism.VlanKey);
        Assert.Equal("routeLocalNet", KernelMechanism.RouteLocalNetKey);
        Assert.Equal("IPTables4NatTemplate", KernelMechanism.IPTables4NatTemplateKey);
        Assert.Equal(15, KernelMechanism.LinuxIfMaxLength);
        Assert.Equal("file", KernelMechanism.NetNSUrlScheme);
    }

    [Fact]
    public void Setters_write_parameters()
    {
        var m = new Mechanism { Type = KernelMechanism.MechanismType };
        var k = KernelMechanism.ToMechanism(m)!;
        k.InterfaceName = "nsm-1";
        k.SupportsVlan = true;
        k.RouteLocalNet = false;
        k.VlanId = 4095;
        k.IPTables4NatTemplate = ["-A a", "-A b"];
        k.PciAddress = "0000:01:00.0";
        k.DeviceTokenId = "tok";
        k.NetNSInode = "4026531993";

        Assert.Equal("nsm-1", m.Parameters["name"]);
        Assert.Equal("true", m.Parameters["supportsVlan"]);
        Assert.Equal("false", m.Parameters["routeLocalNet"]);
        Assert.Equal("4095", m.Parameters["vlan"]);
        Assert.Equal("-A a;-A b", m.Parameters["IPTables4NatTemplate"]);
        Assert.Equal(["-A a", "-A b"], k.IPTables4NatTemplate);
        Assert.Equal("0000:01:00.0", m.Parameters["pciAddress"]);
        Assert.Equal("tok", m.Parameters["tokenID"]);
        Assert.Equal("4026531993", m.Parameters["netnsInode"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => k.VlanId = 4096);
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("4095", 4095)]
    [InlineData("4096", 0)]
    [InlineData("-1", 0)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    [InlineData(" 5", 0)]
    public void Vlan_is_12_bits_and_invalid_reads_0(string raw, int expected)
    {
        var m = new Mechanism { Type = "KERNEL", Parameters = { ["vlan"] = raw } };
        Assert.Equal(expected, KernelMechanism.ToMechanism(m)!.VlanId);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("t", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    public void Bools_are_lenient(string raw, bool expected)
    {
        var m = new Mechanism { Type = "KERNEL", Parameters = { ["supportsVlan"] = raw, ["routeLocalNet"] = raw } };
        var k = KernelMechanism.ToMechanism(m)!;
        Assert.Equal(expected, k.SupportsVlan);
        Assert.Equal(expected, k.RouteLocalNet);
    }

    [Fact]
    public void Missing_parameters_read_as_defaults()
    {
        var k = KernelMechanism.ToMechanism(new Mechanism { Type = "KERNEL" })!;
        Assert.Equal(string.Empty, k.InterfaceName);
        Assert.Equal(string.Empty, k.NetNSUrl);
        Assert.Empty(k.IPTables4NatTemplate);
        Assert.False(k.SupportsVlan);
        Assert.Equal(0, k.VlanId);
    }

    [Theory]
    [InlineData("my-network-service", "my-networ")]
    [InlineData("svc", "svc")]
    [InlineData("exactly10c", "exactly10c")]
    public void Generated_name_is_prefix_dash_random_15_chars(string service, string expectedPrefix)
    {
        var take = Math.Min(service.Length, 10);
        var name = KernelMechanism.GenerateInterfaceName(service, new Random(1));
        Assert.Equal(15, name.Length);
        Assert.StartsWith(service[..take] + "-", name, StringComparison.Ordinal);
        Assert.StartsWith(expectedPrefix, name, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9]+$", name[(take + 1)..]);
    }

    [Fact]
    public void Generated_names_differ()
    {
        var a = KernelMechanism.GenerateInterfaceName("svc");
        var b = KernelMechanism.GenerateInterfaceName("svc");
        Assert.NotEqual(a, b);
        Assert.True(a.Length <= KernelMechanism.LinuxIfMaxLength);
    }
}
