namespace Nsm.Sdk.Tokens;

/// <summary>Creates the token generator a component uses when it has no SPIFFE Workload API: a self-signed identity.</summary>
public static class SelfSignedTokenGenerator
{
    /// <summary>The trust domain of self-signed identities: <c>nsm.local</c>.</summary>
    public const string TrustDomain = "nsm.local";

    /// <summary>
    /// Creates an ES256 token generator for <c>spiffe://nsm.local/&lt;name&gt;</c> with a fresh P-256 key and a
    /// self-signed certificate valid for one day.
    /// </summary>
    /// <param name="name">The component name (the SPIFFE ID path).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="maxTokenLifetime">The maximum token lifetime; upstream's default of 10 minutes when <see langword="null"/>.</param>
    /// <returns>The generator.</returns>
    public static ITokenGenerator Create(string name, TimeProvider? clock = null, TimeSpan? maxTokenLifetime = null)
    {
        clock ??= TimeProvider.System;
        var identity = NsmIdentity.CreateSelfSigned(SpiffeId.FromSegments(TrustDomain, Sanitize(name)), clock, TimeSpan.FromDays(1));
        return new SpiffeJwtTokenGenerator(new StaticIdentityProvider(identity), clock, maxTokenLifetime);
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
