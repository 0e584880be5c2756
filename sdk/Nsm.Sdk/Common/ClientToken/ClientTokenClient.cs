using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.ClientToken;

/// <summary>
/// Attaches a freshly minted <c>nsm-client-token</c> and <c>nsm-client-token-expires</c> to every outgoing Request
/// and Close: upstream's per-RPC credentials (<c>token.NewPerRPCCredentials</c>), which compute the token per call.
/// </summary>
/// <remarks>
/// <para>Placement: right before the gRPC terminal (<see cref="GrpcNetworkServiceClient"/> / connect), after dial and
/// retries, so that each attempt carries a token minted for it and nothing later changes the headers.</para>
/// <para>The next hop's <c>updatetoken</c> writes this token into the caller's path segment, so its <c>aud</c> must
/// name the server (see <see cref="ClientTokenOptions.ServerPeer"/>) for <c>tokens_chained</c> to pass.</para>
/// </remarks>
public sealed class ClientTokenClient : INetworkServiceClient
{
    private readonly ITokenGenerator _generator;
    private readonly ClientTokenOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="generator">Mints this component's tokens.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public ClientTokenClient(ITokenGenerator generator, ClientTokenOptions? options = null)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _options = options ?? new ClientTokenOptions();
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ClientTokenHeaders.ApplyAsync(context, _generator, _options).ConfigureAwait(false);
        return await next.RequestAsync(request, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ClientTokenHeaders.ApplyAsync(context, _generator, _options).ConfigureAwait(false);
        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }
}
