namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>The service names upstream's <c>dnsresolve</c> looks up in another domain.</summary>
public static class DomainServices
{
    /// <summary>The registry of a domain.</summary>
    public const string Registry = "registry.nsm-system";

    /// <summary>The nsmgr-proxy of a domain (the URL every endpoint found there is reached through).</summary>
    public const string NsmgrProxy = "nsmgr-proxy.nsm-system";
}
