using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Forwarder selection driven by a network service's match metadata (nsmgr <c>discoverforwarder</c>, sdk-registry.md §2.2).
/// </summary>
public static class ForwarderCandidates
{
    /// <summary>The service name forwarders register under, and the label-set key their labels live in.</summary>
    public const string ForwarderServiceName = "forwarder";

    /// <summary>The labels required from a forwarder when the applicable match carries none: <c>{p2p: "true"}</c>.</summary>
    public static IReadOnlyDictionary<string, string> DefaultLabels { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["p2p"] = "true" }.AsReadOnly();

    /// <summary>The forwarder labels required by the first match whose source selector fits <paramref name="labels"/>.</summary>
    /// <param name="labels">The NSC's connection labels.</param>
    /// <param name="networkService">The requested network service.</param>
    /// <returns>The match's <c>metadata.labels</c>, <see cref="DefaultLabels"/> when that is empty, or
    /// <see langword="null"/> when the service has matches but none applies. A service without matches also yields
    /// <see cref="DefaultLabels"/> (although <see cref="Match"/> then accepts every forwarder).</returns>
    public static IReadOnlyDictionary<string, string>? SelectionLabels(
        IReadOnlyDictionary<string, string>? labels,
        NetworkService networkService)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        if (networkService.Matches.Count == 0)
        {
            return DefaultLabels;
        }

        foreach (var match in networkService.Matches)
        {
            if (LabelSelector.IsSubset(labels, match.SourceSelector, labels))
            {
                return RequiredLabels(match);
            }
        }

        return null;
    }

    /// <summary>Selects the forwarders qualified to carry a request, in input order.</summary>
    /// <remarks>
    /// No matches: every forwarder. Otherwise each match whose source selector fits requires its metadata labels
    /// (default <c>{p2p: "true"}</c>) ⊆ the forwarder's labels under <paramref name="forwarderServiceName"/>; forwarders
    /// without that label entry are skipped. An empty result moves on only when the match is fallthrough.
    /// </remarks>
    /// <param name="labels">The NSC's connection labels, also the template data.</param>
    /// <param name="networkService">The requested network service.</param>
    /// <param name="forwarders">The registered forwarders.</param>
    /// <param name="forwarderServiceName">The forwarders' service name.</param>
    /// <returns>The qualified forwarders; empty when none.</returns>
    public static IReadOnlyList<NetworkServiceEndpoint> Match(
        IReadOnlyDictionary<string, string>? labels,
        NetworkService networkService,
        IReadOnlyList<NetworkServiceEndpoint> forwarders,
        string forwarderServiceName = ForwarderServiceName)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        ArgumentNullException.ThrowIfNull(forwarders);
        ArgumentNullException.ThrowIfNull(forwarderServiceName);
        if (networkService.Matches.Count == 0)
        {
            return forwarders;
        }

        foreach (var match in networkService.Matches)
        {
            if (!LabelSelector.IsSubset(labels, match.SourceSelector, labels))
            {
                continue;
            }

            var selected = ForMatch(match, labels, forwarders, forwarderServiceName);
            if (selected.Count == 0 && match.Fallthrough)
            {
                continue;
            }

            return selected;
        }

        return [];
    }

    /// <summary>Selects the forwarders that <paramref name="match"/> allows (its metadata labels, default <c>{p2p: "true"}</c>).</summary>
    /// <remarks>Used directly for a request along a service chain, whose match is known from the path.</remarks>
    /// <param name="match">The applicable match.</param>
    /// <param name="labels">The template data for the required labels (the connection's labels).</param>
    /// <param name="forwarders">The registered forwarders.</param>
    /// <param name="forwarderServiceName">The forwarders' service name.</param>
    /// <returns>The qualified forwarders, in input order.</returns>
    public static List<NetworkServiceEndpoint> ForMatch(
        global::Nsm.Api.Registry.Match match,
        IReadOnlyDictionary<string, string>? labels,
        IReadOnlyList<NetworkServiceEndpoint> forwarders,
        string forwarderServiceName = ForwarderServiceName)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(forwarders);
        var required = RequiredLabels(match);
        return forwarders.Where(f =>
            f.NetworkServiceLabels.TryGetValue(forwarderServiceName, out var set) && set is not null && LabelSelector.IsSubset(set.Labels, required, labels)).ToList();
    }

    private static IReadOnlyDictionary<string, string> RequiredLabels(global::Nsm.Api.Registry.Match match) =>
        match.Metadata is { Labels.Count: > 0 } metadata ? metadata.Labels : DefaultLabels;
}
