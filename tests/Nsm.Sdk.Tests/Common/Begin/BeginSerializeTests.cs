using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Begin;

public class BeginSerializeTests
{
    private const int Ids = 20;
    private const int CallsPerId = 30;

    [Fact]
    public Task Server_StressTest() => StressAsync(new BeginServer(), isClient: false);

    [Fact]
    public Task Client_StressTest() => StressAsync(new BeginClient(), isClient: true);

    [Fact]
    public async Task Both_StressTest()
    {
        var probe = new ExclusivityProbe();
        var clientBegin = new BeginClient();
        var serverBegin = new BeginServer();
        var chain = new NetworkServiceServerChain(
            serverBegin,
            new NetworkServiceClientChain(clientBegin, probe).AsServer());
        await RunAsync(chain.RequestAsync, chain.CloseAsync, probe);
        Assert.Equal(0, serverBegin.Count);
        Assert.Equal(0, clientBegin.Count);
    }

    private static async Task StressAsync(INetworkServiceElement begin, bool isClient)
    {
        var probe = new ExclusivityProbe();
        if (isClient)
        {
            var chain = new NetworkServiceClientChain((INetworkServiceClient)begin, probe);
            await RunAsync(chain.RequestAsync, chain.CloseAsync, probe);
            Assert.Equal(0, ((BeginClient)begin).Count);
        }
        else
        {
            var chain = new NetworkServiceServerChain((INetworkServiceServer)begin, probe);
            await RunAsync(chain.RequestAsync, chain.CloseAsync, probe);
            Assert.Equal(0, ((BeginServer)begin).Count);
        }
    }

    private static async Task RunAsync(
        Func<NetworkServiceRequest, NsmContext, ValueTask<Connection>> request,
        Func<Connection, NsmContext, ValueTask> close,
        ExclusivityProbe probe)
    {
        var tasks = new List<Task>();
        for (var i = 0; i < Ids; i++)
        {
            var id = "conn-" + i;
            for (var j = 0; j < CallsPerId; j++)
            {
                tasks.Add(Task.Run(async () => await request(TestExtensions.Request(id), new NsmContext())));
                tasks.Add(Task.Run(async () => await close(new Connection { Id = id }, new NsmContext())));
            }
        }

        await Task.WhenAll(tasks).DefaultTimeout();
        for (var i = 0; i < Ids; i++)
        {
            await close(new Connection { Id = "conn-" + i }, new NsmContext()).DefaultTimeout();
        }

        Assert.Empty(probe.Violations);
        Assert.True(probe.Entries > 0);
    }

    /// <summary>Fails when two calls for the same id are inside the rest of the chain at the same time.</summary>
    private sealed class ExclusivityProbe : INetworkServiceServer, INetworkServiceClient
    {
        private readonly ConcurrentDictionary<string, int> _inside = new();
        private int _entries;

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Entries => Volatile.Read(ref _entries);

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            await EnterAsync(request.Connection.Id);
            try
            {
                return await next.RequestAsync(request, context);
            }
            finally
            {
                _inside.AddOrUpdate(request.Connection.Id, 0, (_, n) => n - 1);
            }
        }

        public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            await EnterAsync(connection.Id);
            try
            {
                await next.CloseAsync(connection, context);
            }
            finally
            {
                _inside.AddOrUpdate(connection.Id, 0, (_, n) => n - 1);
            }
        }

        private async Task EnterAsync(string id)
        {
            Interlocked.Increment(ref _entries);
            if (_inside.AddOrUpdate(id, 1, (_, n) => n + 1) != 1)
            {
                Violations.Enqueue(id);
            }

            await Task.Yield();
        }
    }
}
