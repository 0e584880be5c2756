using Nsm.Api.Registry;

namespace Nsm.Sdk.Tests.Registry;

internal static class RegistryTestData
{
    public static Dictionary<string, string> Labels(params string[] pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            labels[pairs[i]] = pairs[i + 1];
        }

        return labels;
    }

    public static NetworkServiceEndpoint Nse(string name, string service, params string[] labelPairs)
    {
        var nse = new NetworkServiceEndpoint { Name = name, Url = $"tcp://{name}:5000" };
        nse.NetworkServiceNames.Add(service);
        var set = new NetworkServiceLabels();
        set.Labels.Add(Labels(labelPairs));
        nse.NetworkServiceLabels[service] = set;
        return nse;
    }

    public static Match MatchOf(
        Dictionary<string, string>? source = null,
        IEnumerable<Dictionary<string, string>>? routes = null,
        bool fallthrough = false,
        Dictionary<string, string>? metadata = null)
    {
        var match = new Match { Fallthrough = fallthrough };
        if (source is not null)
        {
            match.SourceSelector.Add(source);
        }

        foreach (var route in routes ?? [])
        {
            var destination = new Destination();
            destination.DestinationSelector.Add(route);
            match.Routes.Add(destination);
        }

        if (metadata is not null)
        {
            match.Metadata = new Metadata();
            match.Metadata.Labels.Add(metadata);
        }

        return match;
    }

    public static NetworkService Ns(string name, params Match[] matches)
    {
        var ns = new NetworkService { Name = name, Payload = "IP" };
        ns.Matches.Add(matches);
        return ns;
    }
}
