namespace Nsm.Sdk.Vpp.KernelVethPair;

/// <summary>Options of the VPP kernel mechanism (a veth pair into the pod, its other end attached to VPP with af_packet).</summary>
public sealed record KernelVethPairOptions
{
    /// <summary>Gets the MTU of a pair whose connection context names none (upstream's VPP forwarder: 9000, jumbo frames).</summary>
    /// <value>The default is 9000.</value>
    public int DefaultMtu { get; init; } = 9000;

    /// <summary>
    /// Gets the namespace VPP runs in, where the forwarder's end of each pair goes (a path such as <c>/proc/1/ns/net</c>);
    /// <see langword="null"/> for this process's own.
    /// </summary>
    public string? VppNetNsPath { get; init; }

    /// <summary>Gets the af_packet rx and tx frame size (upstream: 10240, room for jumbo frames).</summary>
    /// <value>The default is 10240.</value>
    public uint FrameSize { get; init; } = 10240;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The MTU is below 68 or above 65535.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNotEqual(DefaultMtu is >= 68 and <= 65535, true, nameof(DefaultMtu));
}
