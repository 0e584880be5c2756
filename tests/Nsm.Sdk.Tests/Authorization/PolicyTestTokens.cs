using System.Security.Cryptography;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Authorization;

/// <summary>Builds hop identities and the chained tokens <c>updatetoken</c> would leave in a returned path.</summary>
internal sealed class PolicyTestTokens : IDisposable
{
    public static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly List<ECDsa> _keys = [];

    public static string Id(string name) => $"spiffe://example.org/{name}";

    public ECDsa Key(int hop)
    {
        while (_keys.Count <= hop)
        {
            _keys.Add(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        }

        return _keys[hop];
    }

    /// <summary>Token of hop <paramref name="hop"/> named <paramref name="name"/>, for audience <paramref name="audience"/>.</summary>
    public string Token(int hop, string name, string? audience, DateTimeOffset? expires = null) =>
        JwtEncoder.CreateEs256(
            new JwtClaims
            {
                Subject = Id(name),
                Audience = audience is null ? [] : [Id(audience)],
                ExpiresAt = expires ?? Now.AddMinutes(10),
            },
            Key(hop));

    /// <summary>A chained path: segment i has sub = names[i] and aud = [names[i+1]] (the last has none).</summary>
    public AuthorizationPathSegment[] ChainedPath(params string[] names) =>
        [.. names.Select((name, i) => new AuthorizationPathSegment(Token(i, name, i + 1 < names.Length ? names[i + 1] : null)) { Name = name })];

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
