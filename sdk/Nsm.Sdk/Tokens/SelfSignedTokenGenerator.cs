namespace Nsm.Sdk.Tokens;

/// <summary>Creates the token generator a component uses when it has no SPIFFE Workload API: a self-signed identity.</summary>
/// <remarks>
/// The identity renews itself (<see cref="SelfSignedIdentityProvider"/>) at half of its certificate's lifetime, which is
/// <see cref="MinimumCertificateLifetime"/> or four maximum token lifetimes, whichever is longer: the certificate
/// then always outlives the tokens signed with it, so no token is ever cut short by its NotAfter.
/// </remarks>
public static class SelfSignedTokenGenerator
{
    /// <summary>The trust domain of self-signed identities: <c>nsm.local</c>.</summary>
    public const string TrustDomain = "nsm.local";

    /// <summary>The shortest certificate lifetime of a self-signed identity: one day.</summary>
    public static readonly TimeSpan MinimumCertificateLifetime = TimeSpan.FromDays(1);

    /// <summary>The longest certificate lifetime of a self-signed identity: ten years (absurd token lifetimes are capped by it).</summary>
    public static readonly TimeSpan MaximumCertificateLifetime = TimeSpan.FromDays(3650);

    /// <summary>
    /// Creates an ES256 token generator for <c>spiffe://nsm.local/&lt;name&gt;</c> with a self-signed identity that
    /// renews itself before it expires.
    /// </summary>
    /// <param name="name">The component name (the SPIFFE ID path).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="maxTokenLifetime">The maximum token lifetime; upstream's default of 10 minutes when <see langword="null"/>.</param>
    /// <returns>The generator.</returns>
    public static ITokenGenerator Create(string name, TimeProvider? clock = null, TimeSpan? maxTokenLifetime = null)
    {
        clock ??= TimeProvider.System;
        var lifetime = maxTokenLifetime ?? TokenDefaults.MaxTokenLifetime;
        return new SpiffeJwtTokenGenerator(CreateIdentityProvider(name, clock, lifetime), clock, lifetime);
    }

    /// <summary>Creates the renewing self-signed identity behind <see cref="Create"/>.</summary>
    /// <param name="name">The component name (the SPIFFE ID path).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="maxTokenLifetime">The maximum lifetime of the tokens it will sign.</param>
    /// <returns>The provider; its certificates live max(1 day, 4 × <paramref name="maxTokenLifetime"/>), at most ten years.</returns>
    public static SelfSignedIdentityProvider CreateIdentityProvider(string name, TimeProvider clock, TimeSpan maxTokenLifetime)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxTokenLifetime, TimeSpan.Zero);
        var lifetime = maxTokenLifetime >= MaximumCertificateLifetime / 4 ? MaximumCertificateLifetime
            : maxTokenLifetime * 4 > MinimumCertificateLifetime ? maxTokenLifetime * 4
            : MinimumCertificateLifetime;
        return new SelfSignedIdentityProvider(SpiffeId.FromSegments(TrustDomain, Sanitize(name)), clock, lifetime);
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '.' or '_'))
            {
                chars[i] = '_';
            }
        }

        return chars.Length == 0 ? "component" : new string(chars);
    }
}
