namespace Nsm.Sdk.Ipam;

/// <summary>
/// Thrown when a pool has no (or not enough) free addresses or prefixes, for example
/// <c>IPAM: no free address left in 10.100.1.0/30</c>. Nothing is allocated when this is thrown.
/// </summary>
public sealed class IpamExhaustedException : IpamException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public IpamExhaustedException()
        : base("IPAM: no free address left.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IpamExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IpamExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the pool that ran out.</summary>
    /// <param name="message">The message.</param>
    /// <param name="poolName">A description of the pool (usually its CIDR).</param>
    public IpamExhaustedException(string message, string poolName)
        : base(message)
    {
        PoolName = poolName;
    }

    /// <summary>The pool that ran out (usually its CIDR), if known.</summary>
    public string? PoolName { get; }
}
