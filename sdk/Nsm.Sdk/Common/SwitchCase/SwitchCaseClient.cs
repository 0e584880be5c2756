using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SwitchCase;

/// <summary>
/// Runs the element of the first branch whose condition holds <em>instead of</em> next (that element continues the
/// chain itself); when no condition holds, calls next.
/// </summary>
public sealed class SwitchCaseClient : INetworkServiceClient
{
    private readonly SwitchCaseBranch<INetworkServiceClient>[] _branches;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="branches">The branches, tried in order.</param>
    public SwitchCaseClient(params IEnumerable<SwitchCaseBranch<INetworkServiceClient>> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        _branches = [.. branches];
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        return SwitchCaseDispatch.Select(_branches, context, request.Connection) is { } element
            ? element.RequestAsync(request, context, next)
            : next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return SwitchCaseDispatch.Select(_branches, context, connection) is { } element
            ? element.CloseAsync(connection, context, next)
            : next.CloseAsync(connection, context);
    }
}
