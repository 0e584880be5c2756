using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>Accepts unix-socket connections as <see cref="FdConnectionContext"/>s.</summary>
internal sealed class FdUnixConnectionListener(Socket listener, EndPoint endpoint) : IConnectionListener
{
    private long _next;

    public EndPoint EndPoint { get; } = endpoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return null;
            }
            catch (SocketException)
            {
                continue; // one failed accept (e.g. the peer went away) does not stop the listener
            }

            var id = "fd-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new FdConnectionContext(id, new FdPassingStream(accepted), EndPoint);
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        listener.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
