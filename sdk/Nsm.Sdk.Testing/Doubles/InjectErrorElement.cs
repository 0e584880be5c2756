using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>
/// Fails chosen calls (upstream's injecterror): the n-th Request (0-based) fails when n is listed or −1 is listed;
/// the default fails every call. Close likewise.
/// </summary>
/// <param name="requestErrorAt">The 0-based indices of the Requests that fail, ascending (−1: every one); every one when <see langword="null"/>.</param>
/// <param name="closeErrorAt">The 0-based indices of the Closes that fail, ascending (−1: every one); every one when <see langword="null"/>.</param>
/// <param name="error">Makes the exception of a failing call; an <see cref="InvalidOperationException"/> when <see langword="null"/>.</param>
public sealed class InjectErrorElement(int[]? requestErrorAt = null, int[]? closeErrorAt = null, Func<Exception>? error = null)
    : INetworkServiceServer, INetworkServiceClient
{
    private readonly int[] _requestAt = requestErrorAt ?? [-1];
    private readonly int[] _closeAt = closeErrorAt ?? [-1];
    private readonly Func<Exception> _error = error ?? (() => new InvalidOperationException("injected error"));
    private int _requests = -1;
    private int _closes = -1;

    /// <summary>Gets a new element that fails nothing (a placeholder to swap for a failing one).</summary>
    public static InjectErrorElement Never => new([], []);

    /// <summary>Fails this Request when its index is listed, else calls next.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>What next returns, or the injected error.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        ShouldFail(_requestAt, Interlocked.Increment(ref _requests))
            ? ValueTask.FromException<Connection>(_error())
            : next.RequestAsync(request, context);

    /// <summary>Fails this Close when its index is listed, else calls next.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>What next returns, or the injected error.</returns>
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
