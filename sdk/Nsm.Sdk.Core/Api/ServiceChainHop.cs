namespace Nsm.Sdk.Api;

/// <summary>One entry of a service chain: the service whose endpoints serve this position.</summary>
/// <param name="Service">The network service whose endpoints are the candidates for this hop.</param>
/// <param name="IsDestination">Whether this is the chain's <c>destination</c> (else a <c>via</c> hop).</param>
/// <param name="Selector">Further labels the hop's endpoint must carry for <paramref name="Service"/> (usually none).</param>
public sealed record ServiceChainHop(string Service, bool IsDestination, IReadOnlyDictionary<string, string> Selector)
{
    /// <summary>Gets the hop as the guide writes it: <c>via: S</c> or <c>destination: S</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => (IsDestination ? "destination: " : "via: ") + Service;
}
