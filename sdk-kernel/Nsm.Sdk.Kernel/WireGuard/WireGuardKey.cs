using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// A 32-byte Curve25519 (X25519) WireGuard key, private or public. NSM's WireGuard mechanism carries public keys
/// in base64 (<c>src_public_key</c>, <c>dst_public_key</c>, as <c>wg pubkey</c> prints them); the UAPI socket takes
/// them in hex. <see cref="ToString"/> prints the base64 form: never log a private key.
/// </summary>
public sealed class WireGuardKey : IEquatable<WireGuardKey>
{
    /// <summary>The length of a key in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private WireGuardKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Generates a new private key (random, clamped as RFC 7748 and <c>wg genkey</c> do).</summary>
    public static WireGuardKey Generate()
    {
        var k = new byte[Length];
        X25519.GeneratePrivateKey(new SecureRandom(), k);
        return new WireGuardKey(k);
    }

    /// <summary>Wraps 32 raw bytes.</summary>
    /// <param name="bytes">The key bytes.</param>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public static WireGuardKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new WireGuardKey(bytes.ToArray())
            : throw new ArgumentException($"a WireGuard key is {Length} bytes, not {bytes.Length}", nameof(bytes));

    /// <summary>The public key of this private key (X25519 with the base point).</summary>
    public WireGuardKey PublicKey
    {
        get
        {
            var pub = new byte[Length];
            X25519.ScalarMultBase(_bytes, 0, pub, 0);
            return new WireGuardKey(pub);
        }
    }

    /// <summary>The key bytes (a copy).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>The base64 form (44 characters), as NSM's mechanism parameters and <c>wg</c> use it.</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes);

    /// <summary>The lowercase hex form (64 characters), as the UAPI socket uses it.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>Parses a key in base64 (44 characters) or hex (64 characters).</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a key; the message says why.</exception>
    public static WireGuardKey Parse(string? text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>Parses a key in base64 (44 characters) or hex (64 characters).</summary>
    /// <param name="text">The text.</param>
    /// <param name="key">The key, or null.</param>
    /// <param name="error">Why the text is not a key, or null.</param>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WireGuardKey? key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        key = null;
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            error = "a WireGuard key is empty: expected 44 characters of base64 or 64 hex digits";
            return false;
        }

        var bytes = new byte[Length];
        if (t.Length == 2 * Length)
        {
            if (Convert.FromHexString(t, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
            {
                error = "a WireGuard key of 64 characters must be hex digits";
                return false;
            }
        }
        else if (t.Length != 44 || !t.EndsWith('=') || !Convert.TryFromBase64String(t, bytes, out var n) || n != Length)
        {
            error = $"'{Shorten(t)}' is not a WireGuard key: expected 44 characters of base64 (32 bytes, as 'wg genkey' prints) or 64 hex digits";
            return false;
        }

        key = new WireGuardKey(bytes);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(WireGuardKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as WireGuardKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>The base64 form.</summary>
    public override string ToString() => ToBase64();

    private static string Shorten(string t) => t.Length <= 12 ? t : t[..12] + "…";
}
