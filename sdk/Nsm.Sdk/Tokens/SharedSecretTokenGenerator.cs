using System.Text;

namespace Nsm.Sdk.Tokens;

/// <summary>An HS256 token generator like the upstream sandbox's <c>GenerateTestToken</c>/<c>GenerateExpiringToken</c>.</summary>
/// <remarks>
/// For tests and insecure sandboxes only: such tokens pass the <c>common</c> policies but never the signature policies,
/// which require ES256. No <c>aud</c> is written.
/// </remarks>
public sealed class SharedSecretTokenGenerator : ITokenGenerator
{
    private readonly byte[] _secret;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new generator.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="lifetime">The token lifetime; defaults to <see cref="TokenDefaults.SandboxTokenLifetime"/> (1 h).</param>
    /// <param name="secret">The secret; defaults to <see cref="TokenDefaults.SandboxSecret"/>.</param>
    /// <param name="subject">The <c>sub</c>; defaults to <see cref="TokenDefaults.SandboxSubject"/>.</param>
    public SharedSecretTokenGenerator(TimeProvider timeProvider, TimeSpan? lifetime = null, string? secret = null, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        Lifetime = lifetime ?? TokenDefaults.SandboxTokenLifetime;
        _secret = Encoding.UTF8.GetBytes(secret ?? TokenDefaults.SandboxSecret);
        Subject = subject ?? TokenDefaults.SandboxSubject;
    }

    /// <summary>Gets the token lifetime.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan Lifetime { get; }

    /// <summary>Gets the <c>sub</c> written into every token.</summary>
    public string Subject { get; }

    /// <inheritdoc />
    public GeneratedToken GenerateToken(TokenPeer? peer)
    {
        var expiresAt = NumericDate.Truncate(_timeProvider.GetUtcNow() + Lifetime);
        var token = JwtEncoder.CreateHs256(new JwtClaims { Subject = Subject, ExpiresAt = expiresAt }, _secret);
        return new GeneratedToken(token, expiresAt);
    }
}
