namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>Options of <see cref="KernelVethForwarder"/>.</summary>
public sealed record KernelVethForwarderOptions
{
    /// <summary>
    /// Gets the MTU of the interfaces the forwarder creates: written into each connection's context on the way to the
    /// NSE (which may lower it; the pair gets the context's MTU as answered). 0: the context's, else the mechanisms',
    /// else the kernel's. The default is 1500.
    /// </summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>
    /// Gets whether the forwarder offers NSEs per-client VLANs on one trunk (<c>supportsVlan=true</c> on its KERNEL
    /// preference): an NSE that answers with a <c>vlan</c> gets all such clients on one veth, each tagged with its id.
    /// The default is true.
    /// </summary>
    public bool SupportsVlan { get; init; } = true;

    /// <summary>
    /// Gets the namespace (a path such as <c>/run/netns/x</c>) where the forwarder's ends of VLAN trunks and their
    /// clients' veths live. The default, null, is the forwarder's own namespace.
    /// </summary>
    public string? TrunkNetNsPath { get; init; }

    /// <summary>Gets the time a kernel operation may take on the Close path. The default is 10 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets how many closed pairs may wait for their (slow) delete in the background; beyond that a Close deletes its
    /// pair itself. The default is 128.
    /// </summary>
    public int PendingDeletes { get; init; } = 128;

    /// <summary>Gets the clock for timeouts. The default is the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
