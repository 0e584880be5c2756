namespace Nsm.Sdk.Ipam;

/// <summary>Validation helpers for configuration values (environment variables, options).</summary>
public static class IpamValidation
{
    /// <summary>
    /// Parses a CIDR strictly for configuration, e.g. <c>NSM_CIDR_PREFIX</c>. Host bits are cleared, as Go's
    /// <c>net.ParseCIDR</c> does, unless <paramref name="requireNetworkAddress"/> is set.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="requireNetworkAddress">When true, <c>10.0.0.5/24</c> is rejected (it should be <c>10.0.0.0/24</c>).</param>
    /// <param name="paramName">The name reported in the exception.</param>
    /// <returns>The prefix (host bits cleared).</returns>
    /// <exception cref="InvalidCidrException">The text is malformed; the message names it and says why.</exception>
    public static IpCidr ParseCidr(string? value, bool requireNetworkAddress = false, string? paramName = null)
    {
        if (value is null)
        {
            throw new InvalidCidrException("CIDR", value, "the value is missing", paramName);
        }

        if (!IpCidr.TryParse(value, out var cidr, out var error))
        {
            throw new InvalidCidrException("CIDR", value, error, paramName);
        }

        if (requireNetworkAddress && !cidr.IsNetwork)
        {
            throw new InvalidCidrException("CIDR", value, $"host bits are set; the network is {cidr.Network}", paramName);
        }

        return cidr.Network;
    }

    /// <summary>Parses a list of CIDRs strictly (see <see cref="ParseCidr"/>).</summary>
    /// <param name="values">The texts.</param>
    /// <param name="paramName">The name reported in the exception.</param>
    /// <returns>The prefixes.</returns>
    /// <exception cref="InvalidCidrException">An entry is malformed.</exception>
    public static IpCidr[] ParseCidrs(IReadOnlyList<string> values, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new IpCidr[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            result[i] = ParseCidr(values[i], requireNetworkAddress: false, paramName);
        }

        return result;
    }

    /// <summary>True when <paramref name="value"/> is a valid CIDR.</summary>
    /// <param name="value">The text.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidCidr(string? value) => value is not null && IpCidr.TryParse(value, out _);
}
