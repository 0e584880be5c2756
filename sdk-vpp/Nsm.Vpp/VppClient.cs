using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp;

/// <summary>
/// A <see cref="VppConnection"/> that comes back: when VPP closes the socket (a restart), the calls in flight fail with a
/// <see cref="VppDisconnectedException"/>, and the next call connects again (new handshake and message table), retrying
/// with a doubling delay (<see cref="VppConnectionOptions.ReconnectInitialDelay"/> … <see cref="VppConnectionOptions.ReconnectMaxDelay"/>).
/// </summary>
public sealed class VppClient : IVppApi, IAsyncDisposable
{
    private readonly string _socketPath;
    private readonly string _clientName;
    private readonly VppMessageRef[] _messages;
    private readonly VppConnectionOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private VppConnection? _current;
    private bool _disposed;

    /// <summary>Initializes a client; it connects on first use (or <see cref="GetConnectionAsync"/>).</summary>
    /// <param name="socketPath">VPP's API socket.</param>
    /// <param name="clientName">The client name VPP shows.</param>
    /// <param name="messages">Every message the caller uses, checked at each (re)connection.</param>
    /// <param name="options">Timeouts, backoff, clock and logger.</param>
    public VppClient(string socketPath, string clientName, IEnumerable<VppMessageRef> messages, VppConnectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(messages);
        _socketPath = socketPath;
        _clientName = clientName;
        _messages = [.. messages];
        _options = options ?? new VppConnectionOptions();
    }

    /// <summary>
    /// Gets a callback run on every new connection before it is used (the first and each reconnection): the place to
    /// subscribe to events again (<see cref="VppConnection.Subscribe{TEvent}"/> and the <c>want_*</c> request), since
    /// subscriptions end with their connection. When it throws, the connection is closed and the call fails.
    /// </summary>
    public Func<VppConnection, CancellationToken, Task>? OnConnected { get; init; }

    /// <summary>Gets the live connection, connecting (with backoff between failed attempts) when there is none.</summary>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <returns>A connected <see cref="VppConnection"/>.</returns>
    /// <exception cref="VppDisconnectedException">VPP could not be reached in <see cref="VppConnectionOptions.ReconnectAttempts"/> attempts.</exception>
    /// <exception cref="VppIncompatibleException">VPP does not speak our messages (not retried).</exception>
    public async Task<VppConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _current) is { IsConnected: true } live)
        {
            return live;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsConnected: true } current)
            {
                return current;
            }

            if (_current is { } dead)
            {
                _current = null;
                await dead.DisposeAsync();
            }

            var delay = _options.ReconnectInitialDelay;
            var attempts = Math.Max(1, _options.ReconnectAttempts);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var connection = await VppConnection.ConnectAsync(_socketPath, _clientName, _messages, _options, cancellationToken);
                    if (OnConnected is { } onConnected)
                    {
                        try
                        {
                            await onConnected(connection, cancellationToken);
                        }
                        catch
                        {
                            await connection.DisposeAsync();
                            throw;
                        }
                    }

                    Volatile.Write(ref _current, connection);
                    return connection;
                }
                catch (Exception e) when (e is VppDisconnectedException or TimeoutException && attempt < attempts)
                {
                    Log.Reconnecting(_options.Logger ?? NullLogger.Instance, _socketPath, attempt + 1, delay);
                }
                catch (Exception e) when (e is VppDisconnectedException or TimeoutException)
                {
                    throw new VppDisconnectedException($"VPP at {_socketPath} is unreachable after {attempts} attempts: {e.Message}", e);
                }

                await Task.Delay(delay, _options.TimeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Sends a request on the live connection (connecting first when needed); see <see cref="VppConnection.RequestAsync{TRequest, TReply}"/>.</summary>
    /// <typeparam name="TRequest">The request type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The reply.</returns>
    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply>
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.RequestAsync<TRequest, TReply>(request, cancellationToken);
    }

    /// <summary>Runs a dump on the live connection (connecting first when needed); see <see cref="VppConnection.DumpAsync{TRequest, TDetails}"/>.</summary>
    /// <typeparam name="TRequest">The dump request type.</typeparam>
    /// <typeparam name="TDetails">The details type.</typeparam>
    /// <param name="request">The dump request.</param>
    /// <param name="cancellationToken">Stops the dump.</param>
    /// <returns>The details.</returns>
    public async IAsyncEnumerable<TDetails> DumpAsync<TRequest, TDetails>(TRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TDetails : IVppMessage<TDetails>
    {
        var connection = await GetConnectionAsync(cancellationToken);
        await foreach (var details in connection.DumpAsync<TRequest, TDetails>(request, cancellationToken))
        {
            yield return details;
        }
    }

    /// <summary>Disconnects (<c>sockclnt_delete</c>) the live connection, if any.</summary>
    /// <returns>When closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_current is { } current)
            {
                _current = null;
                await current.DisposeAsync();
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
