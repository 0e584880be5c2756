using System.Net.NetworkInformation;

namespace Nsm.Sdk.Vpp.Passthrough;

/// <summary>How <see cref="KernelAttachServer"/> waits for the incoming KERNEL interface.</summary>
public sealed record KernelAttachOptions
{
    /// <summary>Gets whether a host interface of that name exists in this process's namespace (default: the kernel's list).</summary>
    public Func<string, bool> InterfaceExists { get; init; } = DefaultInterfaceExists;

    /// <summary>Gets how long the interface may take to appear after the answer (default 30 seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how often it is looked for (default 50 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(InterfaceExists, nameof(InterfaceExists));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
    }

    private static bool DefaultInterfaceExists(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().Any(i => string.Equals(i.Name, name, StringComparison.Ordinal));
}
