using System.Threading.Channels;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Chains.Endpoint;

/// <summary>
/// Several endpoints served as one (upstream <c>endpoint.Combine</c>): a function composes their chains into one
/// server (e.g. a mechanisms dispatcher choosing the endpoint by mechanism type), and one MonitorConnection server
/// merges their monitors: one INITIAL_STATE_TRANSFER with every endpoint's connections, then their events as they come.
/// </summary>
public sealed class CombinedEndpoint : INetworkServiceServer
{
    private readonly INetworkServiceServer _server;

    /// <summary>Initializes the combined endpoint.</summary>
    /// <param name="combine">Composes the endpoints' chains into one server.</param>
    /// <param name="endpoints">The endpoints.</param>
    public CombinedEndpoint(Func<IReadOnlyList<INetworkServiceServer>, INetworkServiceServer> combine, params IReadOnlyList<NsmEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(combine);
        ArgumentNullException.ThrowIfNull(endpoints);
        _server = combine(endpoints);
        MonitorConnectionServer = new MergedMonitor([.. endpoints.Select(e => e.MonitorConnectionServer).Distinct()]);
    }

    /// <summary>Gets the merged MonitorConnection server.</summary>
    public IMonitorConnectionServer MonitorConnectionServer { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains ServerChains => new() { NetworkService = this, MonitorConnection = MonitorConnectionServer };

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _server.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _server.CloseAsync(connection, context, next);

    private sealed class MergedMonitor(IReadOnlyList<IMonitorConnectionServer> monitors) : IMonitorConnectionServer
    {
        public async Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ArgumentNullException.ThrowIfNull(context);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            var readers = monitors.Select(m => new MonitorServerToClient(m, context.Clock).MonitorConnectionsAsync(selector, cts.Token).GetAsyncEnumerator(cts.Token)).ToList();
            var merged = Channel.CreateBounded<ConnectionEvent>(100);
            var pumps = new List<Task>();
            try
            {
                var initial = new ConnectionEvent { Type = ConnectionEventType.InitialStateTransfer };
                foreach (var reader in readers)
                {
                    if (await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        initial.Connections.Add(reader.Current.Connections);
                    }
                }

                await stream.WriteAsync(initial).ConfigureAwait(false);
                pumps.AddRange(readers.Select(r => PumpAsync(r, merged.Writer, cts.Token)));
                _ = Task.WhenAll(pumps).ContinueWith(t => merged.Writer.TryComplete(t.Exception), TaskScheduler.Default);
                await foreach (var e in merged.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
                {
                    await stream.WriteAsync(e).ConfigureAwait(false);
                }
            }
            finally
            {
                await cts.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                foreach (var reader in readers)
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        private static async Task PumpAsync(IAsyncEnumerator<ConnectionEvent> reader, ChannelWriter<ConnectionEvent> writer, CancellationToken cancellationToken)
        {
            try
            {
                while (await reader.MoveNextAsync().ConfigureAwait(false))
                {
                    await writer.WriteAsync(reader.Current, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The subscriber left.
            }
        }
    }
}
