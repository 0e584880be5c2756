using Grpc.Core;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>Runs a policy set the way every authorize element does and maps the outcome to a gRPC status.</summary>
public static class AuthorizationEnforcement
{
    /// <summary>
    /// Evaluates <paramref name="policies"/>; a denial throws <see cref="StatusCode.PermissionDenied"/> with the result's
    /// <see cref="AuthorizationResult.DenialMessage"/>, a policy that throws gives <see cref="StatusCode.Internal"/>.
    /// </summary>
    /// <typeparam name="TInput">The policy input type.</typeparam>
    /// <param name="policies">The policies; an empty set allows everything without building anything.</param>
    /// <param name="input">Builds the input (only called when there are policies).</param>
    /// <exception cref="NsmStatusException">The input was denied, or a policy failed.</exception>
    public static void Enforce<TInput>(AuthorizationPolicySet<TInput> policies, Func<TInput> input)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(input);
        if (policies.IsEmpty)
        {
            return;
        }

        AuthorizationResult result;
        try
        {
            result = policies.Evaluate(input());
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not NsmStatusException)
        {
            throw new NsmStatusException(StatusCode.Internal, "authorization policy evaluation failed: " + ex.Message, ex);
        }

        if (!result.IsAllowed)
        {
            throw new NsmStatusException(StatusCode.PermissionDenied, result.DenialMessage!);
        }
    }

    /// <summary>Gets the caller's TLS identity for the signature policies (upstream <c>auth_info</c>).</summary>
    /// <param name="peer">The caller.</param>
    /// <returns>The peer's certificate, or <see langword="null"/> when the transport authenticated none.</returns>
    public static PeerAuthInfo? ToPeerAuthInfo(this PeerInfo? peer) =>
        peer?.Certificate is { } certificate ? PeerAuthInfo.FromCertificates([certificate, .. peer.OtherCertificates]) : null;

    /// <summary>Gets the caller's SPIFFE ID: the one the transport reported, else the one in its certificate.</summary>
    /// <param name="peer">The caller.</param>
    /// <returns>The SPIFFE ID, or <see langword="null"/>.</returns>
    public static string? GetSpiffeId(this PeerInfo? peer)
    {
        if (!string.IsNullOrEmpty(peer?.SpiffeId))
        {
            return peer.SpiffeId;
        }

        return peer?.Certificate is { } certificate && SpiffeCertificate.TryGetSpiffeId(certificate, out var id) ? id.ToString() : null;
    }
}
