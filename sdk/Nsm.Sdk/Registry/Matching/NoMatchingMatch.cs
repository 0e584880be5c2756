using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>Why a client is refused when a network service's matches leave it out.</summary>
internal static class NoMatchingMatch
{
    /// <summary>The reason a Request with <paramref name="labels"/> is selected by none of the service's matches.</summary>
    /// <param name="service">The network service.</param>
    /// <param name="labels">The client's labels.</param>
    /// <returns>The reason, or <see langword="null"/> when the service has no matches or one selects the labels.</returns>
    public static string? Describe(NetworkService service, IReadOnlyDictionary<string, string> labels) =>
        service.Matches.Count > 0 && !service.Matches.Any(m => LabelSelector.IsSubset(labels, m.SourceSelector, labels))
            ? $"no match selects the client's labels {{{string.Join(',', labels.Select(kv => kv.Key + "=" + kv.Value))}}}"
            : null;
}
