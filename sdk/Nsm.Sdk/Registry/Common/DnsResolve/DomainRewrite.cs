using Nsm.Api.Registry;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>Moves records between a domain's own names and their <c>@domain</c> form (names, service names, label keys).</summary>
public static class DomainRewrite
{
    /// <summary>The domain of an NSE: that of the first of its name and service names that has one, or an empty string.</summary>
    /// <param name="nse">The record.</param>
    /// <returns>The domain.</returns>
    public static string DomainOf(NetworkServiceEndpoint nse)
    {
        ArgumentNullException.ThrowIfNull(nse);
        return InterdomainName.IsInterdomain(nse.Name) ? InterdomainName.Domain(nse.Name)
            : nse.NetworkServiceNames.FirstOrDefault(InterdomainName.IsInterdomain) is { } service ? InterdomainName.Domain(service) : "";
    }

    /// <summary>A copy of <paramref name="nse"/> with every name in the other domain's own form.</summary>
    /// <param name="nse">The record.</param>
    /// <returns>The copy.</returns>
    public static NetworkServiceEndpoint Strip(NetworkServiceEndpoint nse) => Rename(nse, InterdomainName.Local);

    /// <summary>A copy of <paramref name="nse"/> with <c>@domain</c> on its name, service names and label keys.</summary>
    /// <param name="nse">The record.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The copy.</returns>
    public static NetworkServiceEndpoint Append(NetworkServiceEndpoint nse, string domain) => Rename(nse, n => InterdomainName.Join(n, domain));

    /// <summary>A copy of <paramref name="ns"/> named in the other domain's own form.</summary>
    /// <param name="ns">The record.</param>
    /// <returns>The copy.</returns>
    public static NetworkService Strip(NetworkService ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var copy = ns.Clone();
        copy.Name = InterdomainName.Local(copy.Name);
        return copy;
    }

    /// <summary>A copy of <paramref name="ns"/> named <c>name@domain</c>.</summary>
    /// <param name="ns">The record.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The copy.</returns>
    public static NetworkService Append(NetworkService ns, string domain)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var copy = ns.Clone();
        copy.Name = InterdomainName.Join(copy.Name, domain);
        return copy;
    }

    private static NetworkServiceEndpoint Rename(NetworkServiceEndpoint nse, Func<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(nse);
        var copy = nse.Clone();
        copy.Name = rename(copy.Name);
        var services = copy.NetworkServiceNames.Select(rename).ToList();
        copy.NetworkServiceNames.Clear();
        copy.NetworkServiceNames.AddRange(services);
        var labels = copy.NetworkServiceLabels.ToList();
        copy.NetworkServiceLabels.Clear();
        foreach (var (service, set) in labels)
        {
            copy.NetworkServiceLabels[rename(service)] = set;
        }

        return copy;
    }
}
