using System.Runtime.CompilerServices;
using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// Reads a remote <c>connection.MonitorConnection</c> stream. The call carries the trace context of the span current
/// when the stream opens (<see cref="GrpcTraceContext.Inject"/>), so the remote's monitor span joins the caller's trace.
/// </summary>
/// <param name="callInvoker">The remote.</param>
/// <param name="headers">Headers to send (e.g. the token), or <see langword="null"/>.</param>
public sealed class GrpcMonitorConnectionClient(CallInvoker callInvoker, Func<Metadata?>? headers = null) : IMonitorConnectionClient
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = new MonitorConnection.MonitorConnectionClient(callInvoker);
        using var call = client.MonitorConnections(selector, new CallOptions(GrpcTraceContext.Inject(headers?.Invoke()), cancellationToken: cancellationToken));
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }
}
