using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api;
using Nsm.Sdk.Common.UpdateToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Common.UpdatePath;

/// <summary>The registry path algorithm of wire spec §4.3 (steps 1–3).</summary>
internal static partial class RegistryPathUpdater
{
    /// <summary>Moves <paramref name="path"/> to this hop, writing the caller's and this hop's tokens and path ids.</summary>
    /// <returns>The caller's index, to restore on the way back.</returns>
    public static uint Update(RegistryPath path, RepeatedField<string>? pathIds, NsmContext context, ITokenGenerator generator)
    {
        var peerToken = context.Peer?.Token;
        if (peerToken is null)
        {
            LogNoPeerToken(context.Logger);
        }

        var own = generator.GenerateToken(context.Peer.ToTokenPeer());
        if (!Jwt.TryGetSpiffeSubject(own.Token, out var ownId))
        {
            throw new NsmStatusException(StatusCode.Unknown, "registry updatepath: the own token's 'sub' is not a SPIFFE ID");
        }

        var original = path.Index;
        var segments = path.PathSegments;
        if (segments.Count == 0)
        {
            // 1. First registration: [caller, me], this hop at 1.
            segments.Add(new RegistryPathSegment(peerToken ?? string.Empty));
            segments.Add(new RegistryPathSegment(own.Token));
            path.Index = 1;
        }
        else
        {
            // 2. Move one step right; the caller's segment gets the token it presented, ours our own.
            if ((long)path.Index + 1 > segments.Count)
            {
                throw new NsmStatusException(StatusCode.InvalidArgument,
                    $"Path.Index+1=={(long)path.Index + 1} should be less or equal len(Path.PathSegments)=={segments.Count}");
            }

            segments[(int)path.Index].Token = peerToken ?? string.Empty;
            path.Index++;
            if (path.Index == segments.Count)
            {
                segments.Add(new RegistryPathSegment(own.Token));
            }
            else
            {
                segments[(int)path.Index].Token = own.Token;
            }
        }

        // 3. path_ids: caller at Index-1, me at Index.
        if (pathIds is not null)
        {
            string peerId = string.Empty;
            if (Jwt.TryGetSpiffeSubject(peerToken, out var parsed))
            {
                peerId = parsed.ToString();
            }
            else if (peerToken is not null)
            {
                LogBadPeerToken(context.Logger);
            }

            SetAt(pathIds, (int)path.Index - 1, peerId);
            SetAt(pathIds, (int)path.Index, ownId.ToString());
        }

        return original;
    }

    private static void SetAt(RepeatedField<string> ids, int position, string id)
    {
        if (position < ids.Count)
        {
            ids[position] = id;
        }
        else
        {
            ids.Add(id);
        }
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "registry updatepath: no caller token (nsm-client-token missing or repeated)")]
    private static partial void LogNoPeerToken(ILogger logger);

    [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "registry updatepath: the caller token's 'sub' is not a SPIFFE ID; its path id is empty")]
    private static partial void LogBadPeerToken(ILogger logger);
}
