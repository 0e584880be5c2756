using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>
/// Fails chosen calls (upstream's injecterror): the n-th Request (0-based) fails when n is listed or −1 is listed;
/// the default fails every call. Close likewise.
/// </summary>
public sealed class InjectErrorElement(int[]? requestErrorAt = null, int[]? closeErrorAt = null, Func<Exception>? error = null)
    : INetworkServiceServer, INetworkServiceClient
{
    private readonly int[] _requestAt = requestErrorAt ?? [-1];
    private readonly int[] _closeAt = closeErrorAt ?? [-1];
    private readonly Func<Exception> _error = error ?? (() => new InvalidOperationException("injected error"));
    private int _requests = -1;
    private int _closes = -1;

    public static InjectErrorElement Never => new([], []);

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        ShouldFail(_requestAt, Interlocked.Increment(ref _requests))
            ? ValueTask.FromException<Connection>(_error())
            : next.RequestAsync(request, context);

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        ShouldFail(_closeAt, Interlocked.Increment(ref _closes))
            ? ValueTask.FromException(_error())
            : next.CloseAsync(connection, context);

    private static bool ShouldFail(int[] indices, int count)
    {
        foreach (var index in indices)
        {
            if (index == -1 || index == count)
            {
                return true;
            }

            if (index > count)
            {
                return false;
            }
        }

        return false;
    }
}
