namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>One of our programs, as an NSM image (or one of our example images) names it.</summary>
/// <param name="Role">Our program's name (<c>nse-icmp-responder</c>): its folder under cmd/ unless <see cref="Source"/> says otherwise.</param>
/// <param name="Binary">Its assembly name (<c>nsm-nse-icmp-responder</c>).</param>
/// <param name="ReadyMarker">A log line fragment that shows the program is serving (null: running is enough).</param>
/// <param name="Listens">Whether it serves gRPC (gets an <c>NSM_LISTEN_ON</c> socket).</param>
internal sealed record ProgramRole(string Role, string Binary, string? ReadyMarker, bool Listens)
{
    public static readonly ProgramRole Registry = new("registry", "nsm-registry", null, true);
    public static readonly ProgramRole Nsmgr = new("nsmgr", "nsm-nsmgr", "started", true);
    public static readonly ProgramRole ForwarderKernel = new("forwarder-kernel", "nsm-forwarder-kernel", "registered", true);
    public static readonly ProgramRole ForwarderVpp = new("forwarder-vpp", "nsm-forwarder-vpp", "registered", true);
    public static readonly ProgramRole NseIcmpResponder = new("nse-icmp-responder", "nsm-nse-icmp-responder", "registered", true);
    public static readonly ProgramRole NseKernel = new("nse-kernel", "nsm-nse-kernel", "registered", true);
    public static readonly ProgramRole NseFirewall = new("nse-firewall", "nsm-nse-firewall", "registered", true);
    public static readonly ProgramRole NseVlan = new("nse-vlan", "nsm-nse-vlan", "registered", true);
    public static readonly ProgramRole NseFirewallVpp = new("nse-firewall-vpp", "nsm-nse-firewall-vpp", "registered", true);
    public static readonly ProgramRole NseVlanVpp = new("nse-vlan-vpp", "nsm-nse-vlan-vpp", "registered", true);
    public static readonly ProgramRole Nsc = new("nsc", "nsm-nsc", "connected to", false);
    public static readonly ProgramRole NsmgrProxy = new("nsmgr-proxy", "nsm-nsmgr-proxy", null, true);
    public static readonly ProgramRole RegistryProxyDns = new("registry-proxy-dns", "nsm-registry-proxy-dns", null, true);

    /// <summary>The IDS example (examples/IdsEndpoint): a passthrough NSE that logs every flow and drops signature matches.</summary>
    public static readonly ProgramRole IdsEndpoint = new("ids-endpoint", "ids-endpoint", "registered", true) { Source = "examples/IdsEndpoint" };

    /// <summary>Gets the program's project folder in a source checkout (<c>cmd/&lt;role&gt;</c>, or an example's); its last segment names its folder in a <c>--programs</c> folder of publishes (<c>artifacts/aot/</c>).</summary>
    public string Source { get; init; } = "cmd/" + Role;

    /// <summary>Gets a value indicating whether the program is a forwarder (runs on its node, in the node's namespace).</summary>
    public bool IsForwarder => this == ForwarderKernel || this == ForwarderVpp;

    /// <summary>Gets a value indicating whether the program registers an endpoint (its pod's labels can be selected).</summary>
    public bool IsEndpoint => this == NseIcmpResponder || this == NseKernel || this == NseFirewall || this == NseVlan || this == NseFirewallVpp || this == NseVlanVpp || this == IdsEndpoint;

    /// <summary>Gets the stand-in for images that need a cluster (the admission webhook): Ready and inert, no process.</summary>
    public static readonly ProgramRole Inert = new("inert", "", null, false);
}
