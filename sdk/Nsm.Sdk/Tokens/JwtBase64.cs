using System.Buffers.Text;

namespace Nsm.Sdk.Tokens;

/// <summary>Strict unpadded base64url (RFC 4648 §5), the encoding of every JWS compact part.</summary>
internal static class JwtBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    /// <summary>Decodes one part; trailing padding is tolerated, whitespace and other characters are not.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        var trimmed = text.TrimEnd('=');
        if (trimmed.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        bytes = Base64Url.DecodeFromChars(trimmed);
        return true;
    }
}
