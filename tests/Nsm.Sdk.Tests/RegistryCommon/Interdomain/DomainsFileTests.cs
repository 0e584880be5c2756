using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.DnsResolve;

namespace Nsm.Sdk.Tests.RegistryCommon.Interdomain;

public sealed class DomainsFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "nsm-domains-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Lines_name_the_service_and_domain_and_the_file_is_read_again_when_it_changes()
    {
        File.WriteAllText(_path, "# cluster b\nregistry.nsm-system.cluster-b.example.com tcp://172.30.1.2:5002\nnsmgr-proxy.nsm-system.cluster-b.example.com 172.30.1.2:5004  # proxy\n");
        var file = new DomainsFile(_path);

        Assert.Equal(new Uri("tcp://172.30.1.2:5002"), await file.ResolveAsync("cluster-b.example.com", DomainServices.Registry, default));
        Assert.Equal(new Uri("tcp://172.30.1.2:5004"), await file.ResolveAsync("cluster-b.example.com", DomainServices.NsmgrProxy, default));

        File.WriteAllText(_path, "registry.nsm-system.cluster-c unix:///run/c/registry.sock\n");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(new Uri("unix:///run/c/registry.sock"), await file.ResolveAsync("cluster-c", DomainServices.Registry, default));
    }

    [Fact]
    public async Task A_domain_that_is_an_ip_and_port_is_its_own_address()
    {
        var file = new DomainsFile(null);
        Assert.Equal(new Uri("tcp://10.0.0.7:5005"), await file.ResolveAsync("10.0.0.7:5005", DomainServices.Registry, default));
    }

    [Fact]
    public async Task Unknown_domains_and_bad_lines_give_clear_statuses()
    {
        var missing = await Assert.ThrowsAsync<NsmStatusException>(async () => await new DomainsFile(_path).ResolveAsync("nowhere", DomainServices.Registry, default));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("registry.nsm-system.nowhere", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(_path, "registry.nsm-system.x not-an-address\n");
        var bad = await Assert.ThrowsAsync<NsmStatusException>(async () => await new DomainsFile(_path).ResolveAsync("x", DomainServices.Registry, default));
        Assert.Equal(StatusCode.FailedPrecondition, bad.StatusCode);
        Assert.Contains(":1:", bad.Message, StringComparison.Ordinal);
    }
}
