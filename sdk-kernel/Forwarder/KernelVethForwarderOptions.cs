namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>Options of <see cref="KernelVethForwarder"/>.</summary>
public sealed record KernelVethForwarderOptions
{
    /// <summary>Gets the MTU used when the connection context carries none. The default is 1500.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>Gets the time a kernel operation may take on the Close path. The default is 10 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
