using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Core;
using Path = System.IO.Path;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Upstream's endpoint/combine_test.go over real gRPC: a combined endpoint (one endpoint per mechanism) served on a unix
/// socket, requested by a client chain and watched through MonitorConnections.
/// </summary>
public sealed class CombineScenarioTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-combine-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<NsmGrpcServer> _servers = [];
    private readonly List<Grpc.Net.Client.GrpcChannel> _channels = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _lifetime.CancelAsync();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _lifetime.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<Uri> ServeAsync(string kernelName = "KERNEL", string memifName = "MEMIF")
    {
        var combined = new CombinedEndpoint(
            eps => new MechanismsServer(new Dictionary<string, INetworkServiceServer> { ["KERNEL"] = eps[0], ["MEMIF"] = eps[1] }),
            new NsmEndpoint(new EndpointOptions { Name = kernelName }, new NsmBuildContext { Lifetime = _lifetime.Token }),
            new NsmEndpoint(new EndpointOptions { Name = memifName }, new NsmBuildContext { Lifetime = _lifetime.Token }));
        var url = new Uri("unix://" + Path.Combine(_dir, $"combined_{_servers.Count}.sock"));
        _servers.Add(await NsmGrpcServer.StartAsync([url], combined.ServerChains));
        return url;
    }

    private NsmClient Client(Uri url) => new(new ClientOptions { Name = "nsc", ClientUrl = url, Refresh = false, DialTimeout = TimeSpan.FromSeconds(2) }, new NsmBuildContext { Lifetime = _lifetime.Token });

    private (AsyncServerStreamingCall<ConnectionEvent> Call, CancellationTokenSource Cancel) Monitor(Uri url)
    {
        var channel = NsmGrpcChannels.Create(url);
        _channels.Add(channel);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var call = new MonitorConnection.MonitorConnectionClient(channel).MonitorConnections(new MonitorScopeSelector(), cancellationToken: cancel.Token);
        return (call, cancel);
    }

    private static async Task<ConnectionEvent> NextAsync(AsyncServerStreamingCall<ConnectionEvent> call)
    {
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TimeSpan.FromSeconds(10)));
        return call.ResponseStream.Current;
    }

    private static NetworkServiceRequest Request(string type) => new()
    {
        Connection = new Connection { Id = Guid.NewGuid().ToString(), NetworkService = "svc" },
        MechanismPreferences = { new Mechanism { Cls = "LOCAL", Type = type } },
    };

    [Theory]
    [InlineData("KERNEL")]
    [InlineData("MEMIF")]
    public async Task TestCombine(string type)
    {
        var url = await ServeAsync();
        var (call, cancel) = Monitor(url);
        using (call)
        using (cancel)
        {
            var initial = await NextAsync(call);
            Assert.Equal(ConnectionEventType.InitialStateTransfer, initial.Type);
            Assert.Empty(initial.Connections);

            var client = Client(url);
            var conn = await client.RequestAsync(Request(type)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(2, conn.Path.PathSegments.Count);
            Assert.Equal(type, conn.Path.PathSegments[1].Name);
            var update = await NextAsync(call);
            Assert.Equal(ConnectionEventType.Update, update.Type);
            var seen = Assert.Single(update.Connections).Value;
            Assert.Equal(conn.Path.PathSegments[1].Id, seen.Id);
            Assert.Equal(type, seen.Mechanism.Type);

            await client.CloseAsync(conn).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var delete = await NextAsync(call);
            Assert.Equal(ConnectionEventType.Delete, delete.Type);
            Assert.Equal(conn.Path.PathSegments[1].Id, Assert.Single(delete.Connections).Value.Id);
        }
    }

    [Fact]
    public async Task TestSwitchEndpoint_InitialStateTransfer()
    {
        var url = await ServeAsync();
        var client = Client(url);
        var kernel = await client.RequestAsync(Request("KERNEL")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var memif = await client.RequestAsync(Request("MEMIF")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var (call, cancel) = Monitor(url);
        using (call)
        using (cancel)
        {
            var initial = await NextAsync(call);
            Assert.Equal(ConnectionEventType.InitialStateTransfer, initial.Type);
            Assert.Equal(
                new[] { kernel.Path.PathSegments[1].Id, memif.Path.PathSegments[1].Id }.Order(),
                initial.Connections.Values.Select(c => c.Id).Order());
        }

        await client.CloseAsync(kernel).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await client.CloseAsync(memif).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TestSwitchEndpoint_DuplicateEndpoints()
    {
        var url = await ServeAsync("duplicate", "duplicate");
        var (call, cancel) = Monitor(url);
        using (call)
        using (cancel)
        {
            Assert.Equal(ConnectionEventType.InitialStateTransfer, (await NextAsync(call)).Type);
            var client = Client(url);
            foreach (var type in new[] { "KERNEL", "MEMIF" })
            {
                var conn = await client.RequestAsync(Request(type)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                var update = await NextAsync(call);
                Assert.Equal(ConnectionEventType.Update, update.Type);
                Assert.Equal(conn.Path.PathSegments[1].Id, Assert.Single(update.Connections).Value.Id);
                await client.CloseAsync(conn).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                var delete = await NextAsync(call);
                Assert.Equal(ConnectionEventType.Delete, delete.Type);
                Assert.Equal(conn.Path.PathSegments[1].Id, Assert.Single(delete.Connections).Value.Id);
            }

            // Cancelling the watch ends the stream.
            await cancel.CancelAsync();
            var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
        }
    }
}
