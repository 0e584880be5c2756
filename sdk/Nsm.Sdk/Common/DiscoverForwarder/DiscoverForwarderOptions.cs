namespace Nsm.Sdk.Common.DiscoverForwarder;

/// <summary>Options of <see cref="DiscoverForwarderServer"/>.</summary>
public sealed record DiscoverForwarderOptions
{
    /// <summary>Gets the network service forwarders register under. The default is <c>forwarder</c>.</summary>
    public string ForwarderServiceName { get; init; } = "forwarder";

    /// <summary>
    /// Gets this nsmgr's public URL; when set, only forwarders registered through this nsmgr (whose registry URL is
    /// it) are used. The default is <see langword="null"/> (every forwarder the registry returns).
    /// </summary>
    public Uri? NsmgrUrl { get; init; }

    /// <summary>
    /// Gets the memory of forwarders that could not be dialed (tried last). The default is <see langword="null"/>:
    /// the element keeps its own.
    /// </summary>
    public Nsm.Sdk.Common.Dial.UnreachableCandidates? Unreachable { get; init; }
}
