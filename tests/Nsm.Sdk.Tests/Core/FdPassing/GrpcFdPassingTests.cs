using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Mechanisms.FdPassing;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.NamespaceAccess;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Core.FdPassing;

/// <summary>Our client chain passes its namespace to a served chain over gRPC on a unix socket; the server swaps it in and back and closes it.</summary>
public sealed class GrpcFdPassingTests : IAsyncLifetime
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-fdg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _seen = [];
    private readonly RecvFdServer _recv = new();
    private NsmGrpcServer? _server;

    private Uri Url => new("unix://" + IOPath.Combine(_dir, "nsmgr.sock"));

    public async Task InitializeAsync()
    {
        var chain = new NetworkServiceServerChain(
            _recv,
            new NamespaceAccessServer(),
            LambdaElement.CheckRequest((r, _) =>
            {
                var url = KernelMechanism.ToMechanism(r.MechanismPreferences[0])!.NetNSUrl;
                lock (_seen)
                {
                    _seen.Add(url);
                }

                // The forwarder would open it: it must be this namespace.
                Assert.True(FdInode.TryOfPath(InodeUrlParameters.FilePath(url)!, out var got));
                Assert.True(FdInode.TryOfPath("/proc/self/ns/net", out var own));
                Assert.Equal(own, got);
            }),
            new SelectFirst());
        _server = await NsmGrpcServer.StartAsync([Url], new NsmServerChains { NetworkService = chain });
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_client_passes_its_namespace_the_server_sees_a_received_descriptor_and_the_client_gets_its_url_back()
    {
        var client = new NsmClient(new ClientOptions { Name = "nsc", ClientUrl = Url, Refresh = false, AdditionalFunctionality = [new KernelMechanismClient()] });
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "nsc-1", NetworkService = "svc" } };

        var conn = await client.RequestAsync(request);
        Assert.Equal(KernelMechanism.ThreadSelfNetNSUrl, KernelMechanism.ToMechanism(conn.Mechanism)!.NetNSUrl);
        Assert.Matches($"^file:///proc/{Environment.ProcessId}/fd/[0-9]+$", Assert.Single(_seen));
        Assert.Equal(1, _recv.ConnectionCount);

        // Refresh: the same received path.
        request.Connection = conn;
        conn = await client.RequestAsync(request);
        Assert.Equal(2, _seen.Count);
        Assert.Equal(_seen[0], _seen[1]);

        await client.CloseAsync(conn);
        Assert.Equal(0, _recv.ConnectionCount);
    }

    [Fact]
    public async Task An_inode_url_without_its_descriptor_is_refused_and_nothing_runs()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var raw = new NetworkService.NetworkServiceClient(channel);
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "x", NetworkService = "svc" } };
        request.MechanismPreferences.Add(KernelMechanism.New("inode://4/1")); // named, never passed
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await raw.RequestAsync(request));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("did not prove access", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_seen);
        Assert.Equal(0, _recv.ConnectionCount);
    }

    private sealed class SelectFirst : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = request.Connection.Clone();
            conn.Mechanism = request.MechanismPreferences[0].Clone();
            return ValueTask.FromResult(conn);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => ValueTask.CompletedTask;
    }
}
