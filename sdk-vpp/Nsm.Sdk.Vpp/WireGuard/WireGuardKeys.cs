using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace Nsm.Sdk.Vpp.WireGuard;

/// <summary>X25519 keys as VPP takes them (32 raw bytes) and as the mechanism carries them (base64).</summary>
internal static class WireGuardKeys
{
    public const int Length = 32;

    public static byte[] NewPrivateKey()
    {
        var key = new byte[Length];
        X25519.GeneratePrivateKey(new SecureRandom(), key);
        return key;
    }

    public static byte[] PublicKeyOf(byte[] privateKey)
    {
        var key = new byte[Length];
        X25519.ScalarMultBase(privateKey, 0, key, 0);
        return key;
    }

    /// <summary>Decodes a base64 public key from the mechanism; <see langword="null"/> when it is not 32 bytes of base64.</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new byte[Length + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == Length ? bytes[..Length] : null;
    }
}
