using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>
/// Answers a Find from this cluster's registry and from the other cluster's (<see cref="RegistryFederation"/>):
/// this cluster's records first; the other cluster's after them, except names this cluster has too. A watch follows
/// both. When the other cluster does not answer within <see cref="RegistryFederation.Timeout"/> (or its watch fails)
/// the Find goes on with this cluster's records and one log line. Register and Unregister stay in this cluster, as
/// does a Find that came from the other cluster.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <typeparam name="TQuery">The query.</typeparam>
/// <typeparam name="TResponse">The Find response.</typeparam>
public abstract partial class FederationRegistryServer<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
{
    private readonly RegistryFederation _federation;

    /// <summary>Initializes the element.</summary>
    /// <param name="federation">The other cluster's registry.</param>
    protected FederationRegistryServer(RegistryFederation federation) => _federation = federation ?? throw new ArgumentNullException(nameof(federation));

    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (RegistryFederation.IsFederatedCall(context) || Remote(_federation) is not { } remote)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        using var writer = new MergingWriter(this, stream);
        if (!IsWatch(query))
        {
            await next.FindAsync(query, writer.Local, context).ConfigureAwait(false);
            var deadline = context.Clock.GetUtcNow() + _federation.Timeout;
            if (context.Deadline is { } d && d < deadline)
            {
                deadline = d;
            }

            using var timeout = new CancellationTokenSource(Max(deadline - context.Clock.GetUtcNow(), TimeSpan.Zero), context.Clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken);
            await FindRemoteAsync(remote, query, writer, RegistryFederation.OutgoingContext(context, deadline, linked.Token)).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var remoteWatch = FindRemoteAsync(remote, query, writer, RegistryFederation.OutgoingContext(context, null, stop.Token));
        try
        {
            await next.FindAsync(query, writer.Local, context).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await remoteWatch.ConfigureAwait(false);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The client of the other cluster's registry for this record kind, or null when there is none.</summary>
    private protected abstract (Uri Url, IRegistryElement<T, TQuery, TResponse> Client)? Remote(RegistryFederation federation);

    /// <summary>Whether the query is a watch.</summary>
    private protected abstract bool IsWatch(TQuery query);

    /// <summary>The name of a response's record.</summary>
    private protected abstract string NameOf(TResponse response);

    /// <summary>Whether the response says the record was deleted.</summary>
    private protected abstract bool IsDeleted(TResponse response);

    private async Task FindRemoteAsync((Uri Url, IRegistryElement<T, TQuery, TResponse> Client) remote, TQuery query, MergingWriter writer, NsmContext outgoing)
    {
        try
        {
            await remote.Client.FindAsync(query, writer.Remote, outgoing, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or NsmStatusException or OperationCanceledException)
        {
            if (!(IsWatch(query) && outgoing.CancellationToken.IsCancellationRequested))
            {
                FederationLog.OtherClusterFailed(outgoing.Logger, typeof(T).Name, remote.Url, e.Message);
            }
        }
    }

    // Writes of the two Finds are serialized; a remote name this cluster also has is left out.
    private sealed class MergingWriter(FederationRegistryServer<T, TQuery, TResponse> owner, IAsyncStreamWriter<TResponse> inner) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly ConcurrentDictionary<string, byte> _local = new(StringComparer.Ordinal);

        public IAsyncStreamWriter<TResponse> Local => new Side(this, local: true);

        public IAsyncStreamWriter<TResponse> Remote => new Side(this, local: false);

        public void Dispose() => _gate.Dispose();

        private async Task WriteAsync(TResponse message, bool local)
        {
            var name = owner.NameOf(message);
            if (local)
            {
                if (owner.IsDeleted(message))
                {
                    _local.TryRemove(name, out _);
                }
                else
                {
                    _local[name] = 0;
                }
            }
            else if (_local.ContainsKey(name))
            {
                return;
            }

            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await inner.WriteAsync(message).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        private sealed class Side(MergingWriter owner, bool local) : IAsyncStreamWriter<TResponse>
        {
            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(TResponse message) => owner.WriteAsync(message, local);
        }
    }
}
