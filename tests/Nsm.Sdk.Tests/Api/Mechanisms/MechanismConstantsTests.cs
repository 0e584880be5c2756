using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Tests.Api.Mechanisms;

public class MechanismConstantsTests
{
    [Fact]
    public void Classes_and_payloads()
    {
        Assert.Equal("LOCAL", Cls.Local);
        Assert.Equal("REMOTE", Cls.Remote);
        Assert.Equal("ETHERNET", Payloads.Ethernet);
        Assert.Equal("IP", Payloads.IP);
    }

    [Fact]
    public void Common_keys()
    {
        Assert.Equal("src_ip", CommonParameters.SrcIP);
        Assert.Equal("dst_ip", CommonParameters.DstIP);
        Assert.Equal("src_port", CommonParameters.SrcPort);
        Assert.Equal("dst_port", CommonParameters.DstPort);
        Assert.Equal("orig_src_ip", CommonParameters.SrcOriginalIP);
        Assert.Equal("orig_dst_ip", CommonParameters.DstOriginalIP);
        Assert.Equal("netnsInode", CommonParameters.NetNSInodeKey);
        Assert.Equal("name", CommonParameters.InterfaceNameKey);
        Assert.Equal("inodeURL", CommonParameters.InodeUrl);
        Assert.Equal("pciAddress", CommonParameters.PciAddressKey);
        Assert.Equal("tokenID", CommonParameters.DeviceTokenIdKey);
        Assert.Equal("MTU", CommonParameters.Mtu);
    }

    [Fact]
    public void Type_strings()
    {
        Assert.Equal("KERNEL", KernelMechanism.MechanismType);
        Assert.Equal("MEMIF", MemifMechanism.MechanismType);
        Assert.Equal("VXLAN", VxlanMechanism.MechanismType);
        Assert.Equal("WIREGUARD", WireguardMechanism.MechanismType);
        Assert.Equal("IPSEC", IpsecMechanism.MechanismType);
        Assert.Equal("VLAN", VlanMechanism.MechanismType);
        Assert.Equal("NOOP", NoopMechanism.MechanismType);
        Assert.Equal("VFIO", VfioMechanism.MechanismType);
    }

    [Fact]
    public void Noop()
    {
        var m = NoopMechanism.New();
        Assert.Equal("LOCAL", m.Cls);
        Assert.Equal("NOOP", m.Type);
        Assert.Empty(m.Parameters);
        Assert.Equal("REMOTE", NoopMechanism.New(Cls.Remote).Cls);
        Assert.True(NoopMechanism.Is(m));
        Assert.False(NoopMechanism.Is(null));
        Assert.False(NoopMechanism.Is(new Mechanism { Type = "KERNEL" }));
    }

    [Fact]
    public void Memif_factories_use_inode_url()
    {
        var m = MemifMechanism.New("/var/lib/networkservicemesh/memif.sock");
        Assert.Equal(("LOCAL", "MEMIF"), (m.Cls, m.Type));
        Assert.Equal("file:///var/lib/networkservicemesh/memif.sock", m.Parameters["inodeURL"]);

        var a = MemifMechanism.NewAbstract("/proc/1/ns/net");
        Assert.Equal("file:///proc/1/ns/net", a.Parameters["inodeURL"]);
        var w = MemifMechanism.ToMechanism(a)!;
        Assert.Equal("file:///proc/1/ns/net", w.NetNSUrl);
        Assert.Equal(w.NetNSUrl, w.SocketFileUrl);
        w.SocketFilename = "memif-1";
        Assert.Equal("memif-1", a.Parameters["socketfile"]);
        Assert.Null(MemifMechanism.ToMechanism(KernelMechanism.New("x")));
    }

    [Fact]
    public void Vlan_mechanism()
    {
        var empty = VlanMechanism.New();
        Assert.Equal(("REMOTE", "VLAN"), (empty.Cls, empty.Type));
        Assert.Empty(empty.Parameters);
        Assert.Equal(0, VlanMechanism.ToMechanism(empty)!.VlanId);

        var set = VlanMechanism.New(100);
        Assert.Equal("100", set.Parameters["vlan-id"]);
        set.Parameters["vlan-id"] = "5000";
        Assert.Equal(0, VlanMechanism.ToMechanism(set)!.VlanId);
        set.Parameters["vlan-id"] = "x";
        Assert.Equal(0, VlanMechanism.ToMechanism(set)!.VlanId);
        Assert.Throws<ArgumentOutOfRangeException>(() => VlanMechanism.New(4096));
    }

    [Fact]
    public void Vfio_mechanism()
    {
        var m = VfioMechanism.New("/sys/fs/cgroup/devices/pod");
        Assert.Equal(("LOCAL", "VFIO"), (m.Cls, m.Type));
        Assert.Equal("/sys/fs/cgroup/devices/pod", m.Parameters["cgroupDir"]);
        var v = VfioMechanism.ToMechanism(m)!;
        v.IommuGroup = 42;
        v.VfioMajor = 10;
        v.DeviceMinor = 7;
        Assert.Equal("42", m.Parameters["iommuGroup"]);
        Assert.Equal("10", m.Parameters["vfioMajor"]);
        Assert.Equal("7", m.Parameters["deviceMinor"]);
        m.Parameters["deviceMajor"] = "bad";
        Assert.Equal(0u, v.DeviceMajor);
    }
}
