using System.Diagnostics;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tests.RegistryChains;
using Nsm.Sdk.Tests.Core;

namespace Nsm.Sdk.Tests.RegistryCore;

/// <summary>
/// Registry calls carry the caller's trace over the gRPC hops, caller → nsmgr → registry: each hop's server span
/// (<c>NetworkServiceEndpointRegistry/Register</c>, ...) is a child of the span of the gRPC client element that called it.
/// </summary>
public sealed class RegistryTraceContextTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new();
    private NsmgrOverRegistry? _mesh;

    // No mirror: every Find goes on to the registry, so each call crosses both hops.
    private RegistryClientOptions ClientOptions => new() { RegistryUrl = _mesh!.NsmgrUrl, RefreshEnabled = false, HealEnabled = false, RetryEnabled = false };

    public async Task InitializeAsync() => _mesh = await NsmgrOverRegistry.StartAsync(registryMirror: false);

    public async Task DisposeAsync()
    {
        await _mesh!.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public async Task Endpoint_register_find_and_unregister_continue_the_callers_trace_in_nsmgr_and_registry()
    {
        await using var client = new EndpointRegistryClient(ClientOptions);
        var nse = new NetworkServiceEndpoint { Name = "nse-traced", Url = "tcp://127.0.0.1:5003", NetworkServiceNames = { "svc" } };

        var register = await TracedAsync(async () => nse = await client.RegisterAsync(nse, new NsmContext()));
        AssertTwoHops(register, "NetworkServiceEndpointRegistry/Register", "GrpcNetworkServiceEndpointRegistryClient/Register");

        var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = "nse-traced" } };
        var find = await TracedAsync(async () =>
            Assert.Single(await client.FindListAsync(query, new NsmContext(), (NetworkServiceEndpointResponse r) => (r.NetworkServiceEndpoint, r.Deleted))));
        AssertTwoHops(find, "NetworkServiceEndpointRegistry/Find", "GrpcNetworkServiceEndpointRegistryClient/Find");

        var unregister = await TracedAsync(async () => await client.UnregisterAsync(nse, new NsmContext()));
        AssertTwoHops(unregister, "NetworkServiceEndpointRegistry/Unregister", "GrpcNetworkServiceEndpointRegistryClient/Unregister");
    }

    [Fact]
    public async Task Service_register_and_find_continue_the_callers_trace_in_nsmgr_and_registry()
    {
        await using var client = new ServiceRegistryClient(ClientOptions);

        var register = await TracedAsync(async () => await client.RegisterAsync(new NetworkService { Name = "svc-traced" }, new NsmContext()));
        AssertTwoHops(register, "NetworkServiceRegistry/Register", "GrpcNetworkServiceRegistryClient/Register");

        var query = new NetworkServiceQuery { NetworkService = new NetworkService { Name = "svc-traced" } };
        var find = await TracedAsync(async () =>
            Assert.Single(await client.FindListAsync(query, new NsmContext(), (NetworkServiceResponse r) => (r.NetworkService, r.Deleted))));
        AssertTwoHops(find, "NetworkServiceRegistry/Find", "GrpcNetworkServiceRegistryClient/Find");
    }

    private static async Task<ActivityTraceId> TracedAsync(Func<Task> call)
    {
        using var root = SpanRecorder.StartRoot("caller");
        await call().WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        return root.TraceId;
    }

    // Two server spans in the caller's trace (nsmgr's and the registry's), each the child of a different gRPC client element's span.
    private void AssertTwoHops(ActivityTraceId traceId, string serverSpan, string clientSpan)
    {
        var spans = _spans.InTrace(traceId);
        var servers = spans.Where(a => a.OperationName == serverSpan).ToList();
        var clients = spans.Where(a => a.OperationName == clientSpan).Select(a => a.SpanId).ToList();
        var all = string.Join(", ", spans.Select(a => a.OperationName));
        Assert.True(servers.Count == 2, $"two {serverSpan} spans in {all}");
        Assert.True(clients.Count == 2, $"two {clientSpan} spans in {all}");
        Assert.All(servers, s =>
        {
            Assert.Equal(ActivityKind.Server, s.Kind);
            Assert.True(s.HasRemoteParent);
            Assert.Contains(s.ParentSpanId, clients);
        });
        Assert.Equal(2, servers.Select(s => s.ParentSpanId).Distinct().Count());
    }
}
