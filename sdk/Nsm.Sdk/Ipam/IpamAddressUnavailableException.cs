namespace Nsm.Sdk.Ipam;

/// <summary>Thrown when a specific address or prefix was requested but is not free in the pool (taken, excluded or outside it).</summary>
public sealed class IpamAddressUnavailableException : IpamException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public IpamAddressUnavailableException()
        : base("IPAM: the requested address is not available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IpamAddressUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IpamAddressUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
