namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Options of <see cref="ExcludedPrefixesClient"/>.</summary>
public sealed class ExcludedPrefixesClientOptions
{
    /// <summary>
    /// Gets or sets the awareness groups (upstream <c>WithAwarenessGroups</c>): each group is a set of NSC request URLs
    /// (<c>kernel://my-svc/nsm-1?app=foo</c>, the grammar of <see cref="Api.NscRequestUrl"/>). Connections of one group
    /// share their own addresses (they are not excluded for each other) but avoid those of every other group.
    /// Default: empty (every connection's addresses are excluded for every other connection).
    /// </summary>
    public IList<IList<string>> AwarenessGroups { get; set; } = [];
}
