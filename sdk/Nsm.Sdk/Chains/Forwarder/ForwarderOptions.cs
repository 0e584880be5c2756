using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Forwarder;

/// <summary>Options of <see cref="ForwarderServer"/>.</summary>
public sealed record ForwarderOptions
{
    /// <summary>Gets the forwarder name: its path segment and registry name. The default is <c>forwarder-&lt;uuid&gt;</c>.</summary>
    public string Name { get; init; } = "forwarder-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the URL this forwarder is served on (registered so the nsmgr can reach it).</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the URL of the local nsmgr (registry and discovery go through it).</summary>
    public Uri? NsmgrUrl { get; init; }

    /// <summary>Gets the network service the forwarder registers under. The default is <c>forwarder</c>.</summary>
    public string ServiceName { get; init; } = "forwarder";

    /// <summary>Gets the labels of the forwarder's registration. The default is <c>p2p=true</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string> { ["p2p"] = "true" };

    /// <summary>Gets data-plane server elements placed after discover and roundrobin, before connect.</summary>
    public IReadOnlyList<INetworkServiceServer> AdditionalServerFunctionality { get; init; } = [];

    /// <summary>Gets data-plane client elements placed after mechanismtranslation in the client chain.</summary>
    public IReadOnlyList<INetworkServiceClient> AdditionalClientFunctionality { get; init; } = [];

    /// <summary>Gets the dial timeout of the client side. The default is 2 s.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the dial timeout towards the nsmgr's registry. The default is 2 s.</summary>
    public TimeSpan RegistryDialTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the token generator; a self-signed identity named after <see cref="Name"/> when <see langword="null"/>.</summary>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the maximum lifetime of the tokens the default generator mints (<c>NSM_MAX_TOKEN_LIFETIME</c>); ignored with <see cref="TokenGenerator"/>.</summary>
    /// <value>The default is 10 minutes, as upstream.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>
    /// Gets a value indicating whether the forwarder keeps a watched local copy of the registry it reaches through nsmgr
    /// and finds endpoints there, instead of two round trips to nsmgr per Request. Default <see langword="false"/>: the
    /// copy learns of a change made through nsmgr a moment after nsmgr does, so a Request right after an endpoint
    /// re-registered with new labels could still be matched against the old ones; nsmgr's own copy is updated by the
    /// registration itself and answers the forwarder's lookups.
    /// </summary>
    public bool RegistryMirror { get; init; }

    /// <summary>
    /// Gets who may name a network namespace by path or inode instead of passing its descriptor (grpcfd). Default:
    /// nobody (callers pass the descriptor or name their own namespace); see <see cref="Common.NamespaceAccess.NamespaceAccessOptions"/>.
    /// </summary>
    public Common.NamespaceAccess.NamespaceAccessOptions NamespaceAccess { get; init; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(NsmgrUrl, nameof(NsmgrUrl));
        ArgumentException.ThrowIfNullOrWhiteSpace(ServiceName, nameof(ServiceName));
        ArgumentNullException.ThrowIfNull(Labels, nameof(Labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RegistryDialTimeout, TimeSpan.Zero, nameof(RegistryDialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
    }
}
