using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Testing;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// A registry client with a dial timeout reaches an mTLS registry on TCP (a federated cluster's registry, the guide's
/// nsm-config): the dial waits for the socket, not for a channel state that a channel with a TLS connect callback
/// cannot report.
/// </summary>
public sealed class SecureTcpRegistryDialTests
{
    [Fact]
    public async Task A_registry_client_with_a_dial_timeout_registers_and_finds_over_mtls_tcp()
    {
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = 0 });
        var url = new Uri($"tcp://127.0.0.1:{FreeTcpPort()}");
        await using var registry = new RestartableServer<MemoryRegistryServer>(
            url,
            _ => Task.FromResult(new MemoryRegistryServer(new MemoryRegistryOptions { Name = "registry-b" }, domain.ContextOf("registry-b"))),
            r => r.Chains,
            domain.Clock,
            domain.CredentialsOf("registry-b"));
        await registry.StartAsync();
        var client = domain.Track(new EndpointRegistryClient(domain.RegistryOptionsOf("nse-b") with
        {
            RegistryUrl = url,
            DialTimeout = TimeSpan.FromSeconds(5),
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        }));

        await client.RegisterAsync(EndpointRecord.Create("nse-b", "tcp://127.0.0.1:1", ["svc"], null), new NsmContext(domain.Clock));
        var found = await client
            .FindEndpointsAsync(new NetworkServiceEndpoint { Name = "nse-b" }, new NsmContext(domain.Clock))
            .WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        Assert.Equal("tcp://127.0.0.1:1", Assert.Single(found).Url);
    }

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
