using System.Diagnostics.CodeAnalysis;

namespace Nsm.Sdk.Api;

/// <summary>gRPC metadata keys and value format of the per-call NSM client token.</summary>
public static class TokenMetadata
{
    /// <summary>Metadata key of the compact JWT the client sends on every NSM call.</summary>
    public const string TokenKey = "nsm-client-token";

    /// <summary>Metadata key of the token expiry, RFC 3339 with nanoseconds (see <see cref="Rfc3339Nano"/>).</summary>
    public const string ExpiresKey = "nsm-client-token-expires";

    /// <summary>Formats a token expiry for <see cref="ExpiresKey"/>.</summary>
    /// <param name="expires">Expiry time.</param>
    public static string FormatExpires(DateTimeOffset expires) => Rfc3339Nano.Format(expires);

    /// <summary>Parses a <see cref="ExpiresKey"/> value (<c>Z</c> or numeric offset, up to nanosecond fraction).</summary>
    /// <param name="value">The metadata value.</param>
    /// <param name="expires">The parsed expiry.</param>
    public static bool TryParseExpires([NotNullWhen(true)] string? value, out DateTimeOffset expires) =>
        Rfc3339Nano.TryParse(value, out expires);
}
