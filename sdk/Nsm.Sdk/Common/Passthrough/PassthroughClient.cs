using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Passthrough;

/// <summary>
/// The client half of a passthrough NSE: <see cref="ReplaceLabelsClient"/> then <see cref="ReplaceNseNameClient"/>,
/// so the next hop is selected by the fixed labels and not by the NSE name that selected this hop.
/// </summary>
/// <remarks>Placement: in the client chain after a metadata element.</remarks>
public sealed class PassthroughClient : INetworkServiceClient
{
    private readonly NetworkServiceClientChain _chain;

    /// <summary>Initializes the element.</summary>
    /// <param name="labels">The labels every downstream Request carries.</param>
    public PassthroughClient(IReadOnlyDictionary<string, string> labels) =>
        _chain = new NetworkServiceClientChain(new ReplaceLabelsClient(labels), new ReplaceNseNameClient());

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _chain.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _chain.CloseAsync(connection, context, next);
}
