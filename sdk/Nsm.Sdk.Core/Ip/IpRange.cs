namespace Nsm.Sdk.Ipam;

/// <summary>An inclusive range of numeric address values, <c>[First, Last]</c>, of one (implied) family.</summary>
/// <param name="First">First value (inclusive).</param>
/// <param name="Last">Last value (inclusive); not below <paramref name="First"/>.</param>
public readonly record struct IpRange(UInt128 First, UInt128 Last)
{
    /// <summary>Number of values; saturates at <see cref="UInt128.MaxValue"/> for the whole IPv6 space.</summary>
    public UInt128 Count => Last - First == UInt128.MaxValue ? UInt128.MaxValue : Last - First + UInt128.One;

    /// <summary>True when <paramref name="value"/> is in the range.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(UInt128 value) => value >= First && value <= Last;

    /// <summary>The range spanning two addresses of the same family.</summary>
    /// <param name="first">First address.</param>
    /// <param name="last">Last address.</param>
    /// <returns>The range.</returns>
    /// <exception cref="ArgumentException">Families differ or <paramref name="last"/> is below <paramref name="first"/>.</exception>
    public static IpRange FromAddresses(IpAddr first, IpAddr last)
    {
        if (first.Family != last.Family)
        {
            throw new ArgumentException($"Range {first}-{last} mixes IPv4 and IPv6.", nameof(last));
        }

        if (last.Value < first.Value)
        {
            throw new ArgumentException($"Range {first}-{last} ends before it starts.", nameof(last));
        }

        return new IpRange(first.Value, last.Value);
    }
}
