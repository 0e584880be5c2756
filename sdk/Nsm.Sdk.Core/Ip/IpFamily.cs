namespace Nsm.Sdk.Ipam;

/// <summary>The address family of an IP address, prefix or pool.</summary>
public enum IpFamily
{
    /// <summary>IPv4: 32-bit addresses.</summary>
    IPv4 = 0,

    /// <summary>IPv6: 128-bit addresses.</summary>
    IPv6 = 1,
}

/// <summary>Helpers for <see cref="IpFamily"/>.</summary>
public static class IpFamilyExtensions
{
    /// <summary>Number of bits in an address of this family (32 or 128).</summary>
    /// <param name="family">The family.</param>
    /// <returns>32 for IPv4, 128 for IPv6.</returns>
    public static int BitLength(this IpFamily family) => family == IpFamily.IPv4 ? 32 : 128;

    /// <summary>The largest numeric address value of this family.</summary>
    /// <param name="family">The family.</param>
    /// <returns><see cref="uint.MaxValue"/> for IPv4, <see cref="UInt128.MaxValue"/> for IPv6.</returns>
    public static UInt128 MaxValue(this IpFamily family) => family == IpFamily.IPv4 ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The mask of host bits for a prefix length (all ones below the prefix).</summary>
    /// <param name="family">The family.</param>
    /// <param name="prefixLength">Prefix length, 0..<see cref="BitLength"/>.</param>
    /// <returns>The host mask.</returns>
    internal static UInt128 HostMask(this IpFamily family, int prefixLength)
    {
        int hostBits = family.BitLength() - prefixLength;
        return hostBits switch
        {
            0 => UInt128.Zero,
            128 => UInt128.MaxValue,
            _ => (UInt128.One << hostBits) - UInt128.One,
        };
    }
}
