using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.DnsResolve;

namespace Nsm.Sdk.Testing;

/// <summary>
/// The "DNS" of sandboxed domains: each domain built with <see cref="SandboxOptions.DomainName"/> and this resolver adds
/// its registry and nsmgr-proxy here, and the registry proxies of every domain resolve through it.
/// </summary>
public sealed class SandboxDomainResolver : IDomainResolver
{
    private readonly ConcurrentDictionary<(string Domain, string Service), Uri> _entries = new();

    /// <summary>Adds (or replaces) where a service of a domain listens.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="service">The service, e.g. <see cref="DomainServices.Registry"/>.</param>
    /// <param name="url">Its URL.</param>
    public void Add(string domain, string service, Uri url) => _entries[(domain, service)] = url;

    /// <inheritdoc />
    public ValueTask<Uri> ResolveAsync(string domain, string service, CancellationToken cancellationToken) =>
        _entries.TryGetValue((domain, service), out var url)
            ? ValueTask.FromResult(url)
            : throw new NsmStatusException(StatusCode.NotFound, $"domain {domain}: no {service} in the sandbox");
}
