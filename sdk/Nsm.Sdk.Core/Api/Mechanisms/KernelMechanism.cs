using System.Security.Cryptography;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The KERNEL mechanism: a Linux kernel interface moved into the client's or endpoint's network namespace.</summary>
public sealed class KernelMechanism : TypedMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "KERNEL";

    /// <summary>Key of the network-namespace URL (<c>inodeURL</c>).</summary>
    public const string NetNSUrlKey = CommonParameters.InodeUrl;

    /// <summary>Key of the interface name.</summary>
    public const string InterfaceNameKey = CommonParameters.InterfaceNameKey;

    /// <summary>Key of the legacy netns inode.</summary>
    public const string NetNSInodeKey = CommonParameters.NetNSInodeKey;

    /// <summary>Key of the SR-IOV PCI address.</summary>
    public const string PciAddressKey = CommonParameters.PciAddressKey;

    /// <summary>Key of the SR-IOV device token id.</summary>
    public const string DeviceTokenIdKey = CommonParameters.DeviceTokenIdKey;

    /// <summary>Key of the "client supports VLAN" flag (<c>true</c>/<c>false</c>).</summary>
    public const string SupportsVlanKey = "supportsVlan";

    /// <summary>Key of the VLAN id (decimal, 12 bits).</summary>
    public const string VlanKey = "vlan";

    /// <summary>Key of the <c>route_localnet</c> flag.</summary>
    public const string RouteLocalNetKey = "routeLocalNet";

    /// <summary>Key of the IPv4 NAT rules template (rules joined with <c>;</c>).</summary>
    public const string IPTables4NatTemplateKey = "IPTables4NatTemplate";

    /// <summary>
    /// Key of our (not upstream's) macvlan parent: an NSE that answers a KERNEL mechanism with this parameter asks the
    /// forwarder for no veth pair but a macvlan (mode bridge) on the named device of the NSE's namespace, created
    /// straight into the client's namespace, so the client sits on the network behind that device with its own MAC.
    /// </summary>
    public const string MacvlanParentKey = "nsm-sdk.io/macvlan-parent";

    /// <summary>Maximum Linux interface name length.</summary>
    public const int LinuxIfMaxLength = 15;

    /// <summary>URL scheme of a netns file path.</summary>
    public const string NetNSUrlScheme = "file";

    /// <summary>The netns URL the sdk NSC kernel client offers for its own namespace.</summary>
    public const string ThreadSelfNetNSUrl = "file:///proc/thread-self/ns/net";

    private const int ServicePrefixMaxLength = 10;
    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private KernelMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates <c>{cls: LOCAL, type: KERNEL, parameters: {inodeURL: netnsUrl}}</c>.</summary>
    /// <param name="netnsUrl">The network-namespace URL, e.g. <see cref="ThreadSelfNetNSUrl"/>.</param>
    public static Mechanism New(string netnsUrl)
    {
        ArgumentNullException.ThrowIfNull(netnsUrl);
        return Create(Cls.Local, MechanismType, (NetNSUrlKey, netnsUrl));
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not KERNEL.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static KernelMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new KernelMechanism(mechanism!) : null;

    /// <summary>Interface name (<c>name</c>).</summary>
    public string InterfaceName
    {
        get => Get(InterfaceNameKey);
        set => Set(InterfaceNameKey, value);
    }

    /// <summary>Network-namespace URL (<c>inodeURL</c>).</summary>
    public string NetNSUrl
    {
        get => Get(NetNSUrlKey);
        set => Set(NetNSUrlKey, value);
    }

    /// <summary>Legacy netns inode (<c>netnsInode</c>).</summary>
    public string NetNSInode
    {
        get => Get(NetNSInodeKey);
        set => Set(NetNSInodeKey, value);
    }

    /// <summary>SR-IOV PCI address.</summary>
    public string PciAddress
    {
        get => Get(PciAddressKey);
        set => Set(PciAddressKey, value);
    }

    /// <summary>SR-IOV device token id.</summary>
    public string DeviceTokenId
    {
        get => Get(DeviceTokenIdKey);
        set => Set(DeviceTokenIdKey, value);
    }

    /// <summary>Whether the client supports VLAN; an absent or invalid value reads as false.</summary>
    public bool SupportsVlan
    {
        get => ParameterParsing.ParseBool(Get(SupportsVlanKey));
        set => Set(SupportsVlanKey, ParameterParsing.FormatBool(value));
    }

    /// <summary>VLAN id, 0–4095; an absent, invalid or out-of-range value reads as 0.</summary>
    public ushort VlanId
    {
        get => (ushort)ParameterParsing.ParseUnsigned(Get(VlanKey), 12);
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (ushort)4095);
            Set(VlanKey, ParameterParsing.FormatUnsigned(value));
        }
    }

    /// <summary>Whether <c>route_localnet</c> should be enabled; absent or invalid reads as false.</summary>
    public bool RouteLocalNet
    {
        get => ParameterParsing.ParseBool(Get(RouteLocalNetKey));
        set => Set(RouteLocalNetKey, ParameterParsing.FormatBool(value));
    }

    /// <summary>The device in the NSE's namespace the client's macvlan sits on (<see cref="MacvlanParentKey"/>); empty when none.</summary>
    public string MacvlanParent
    {
        get => Get(MacvlanParentKey);
        set => Set(MacvlanParentKey, value);
    }

    /// <summary>IPv4 NAT rule templates, split on <c>;</c> (empty list when absent).</summary>
    public IReadOnlyList<string> IPTables4NatTemplate
    {
        get
        {
            var raw = Get(IPTables4NatTemplateKey);
            return raw.Length == 0 ? [] : raw.Split(';');
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Set(IPTables4NatTemplateKey, string.Join(';', value));
        }
    }

    /// <summary>
    /// Generates an interface name <c>&lt;service[:10]&gt;-&lt;random&gt;</c> of exactly
    /// <see cref="LinuxIfMaxLength"/> characters, random part from <c>[a-z0-9]</c>.
    /// </summary>
    /// <param name="networkService">The network service name.</param>
    /// <param name="random">Random source for tests; cryptographic randomness when null.</param>
    public static string GenerateInterfaceName(string networkService, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        var prefix = networkService.Length > ServicePrefixMaxLength ? networkService[..ServicePrefixMaxLength] : networkService;
        var randomLength = LinuxIfMaxLength - prefix.Length - 1;
        var chars = new char[randomLength];
        for (var i = 0; i < chars.Length; i++)
        {
            var index = random?.Next(RandomAlphabet.Length) ?? RandomNumberGenerator.GetInt32(RandomAlphabet.Length);
            chars[i] = RandomAlphabet[index];
        }

        return $"{prefix}-{new string(chars)}";
    }
}
