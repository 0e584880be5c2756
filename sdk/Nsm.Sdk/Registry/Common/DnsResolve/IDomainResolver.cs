namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>
/// Finds where a service of another NSM domain listens (upstream resolves an SRV record <c>_&lt;service&gt;._tcp.&lt;domain&gt;</c>
/// and the A record of <c>&lt;service&gt;.&lt;domain&gt;</c>).
/// </summary>
public interface IDomainResolver
{
    /// <summary>Resolves <paramref name="service"/> of <paramref name="domain"/> to a URL to dial.</summary>
    /// <param name="domain">The domain (the part after <c>@</c>).</param>
    /// <param name="service">The service, e.g. <c>registry.nsm-system</c> or <c>nsmgr-proxy.nsm-system</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="Core.NsmStatusException">The domain or service is unknown (<c>NotFound</c>).</exception>
    ValueTask<Uri> ResolveAsync(string domain, string service, CancellationToken cancellationToken);
}
