using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.ClientToken;

/// <summary>Writes the per-call token metadata (wire spec §4.1) into the headers of the next outgoing call.</summary>
public static class ClientTokenHeaders
{
    /// <summary>
    /// Mints a token with <paramref name="generator"/> for the server <paramref name="options"/> names and sets
    /// <c>nsm-client-token</c> and <c>nsm-client-token-expires</c> (RFC 3339 nano) in
    /// <see cref="GrpcCallContextKeys.OutgoingHeaders"/>, replacing values an earlier attempt left there.
    /// </summary>
    /// <param name="context">The call context.</param>
    /// <param name="generator">The token generator.</param>
    /// <param name="options">Says who the server is; <see langword="null"/> for no peer.</param>
    /// <returns>The token sent.</returns>
    public static async ValueTask<GeneratedToken> ApplyAsync(NsmContext context, ITokenGenerator generator, ClientTokenOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(generator);
        var peer = options?.ServerPeer is { } serverPeer ? await serverPeer(context).ConfigureAwait(false) : null;
        return Apply(context, generator, peer);
    }

    private static GeneratedToken Apply(NsmContext context, ITokenGenerator generator, TokenPeer? peer)
    {
        var token = generator.GenerateToken(peer);
        var headers = context.GetOrAddOutgoingHeaders();
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key is TokenMetadata.TokenKey or TokenMetadata.ExpiresKey)
            {
                headers.RemoveAt(i);
            }
        }

        headers.Add(TokenMetadata.TokenKey, token.Token);
        headers.Add(TokenMetadata.ExpiresKey, TokenMetadata.FormatExpires(token.ExpiresAt));
        return token;
    }
}
