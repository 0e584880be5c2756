using System.Diagnostics.CodeAnalysis;

namespace Nsm.Sdk.Tokens;

/// <summary>A SPIFFE ID, <c>spiffe://&lt;trust-domain&gt;/&lt;path&gt;</c>, validated as go-spiffe does.</summary>
/// <remarks>
/// Rules: lowercase scheme <c>spiffe</c>; a non-empty trust domain of <c>[a-z0-9.-_]</c> (no port, user info, query or
/// fragment); a path that is empty or made of <c>/segment</c> parts of <c>[a-zA-Z0-9.-_]</c>, none empty, <c>.</c> or
/// <c>..</c>, and no trailing slash. Equality is ordinal on the full string.
/// </remarks>
public sealed record SpiffeId
{
    private const string Scheme = "spiffe://";

    private SpiffeId(string trustDomain, string path)
    {
        TrustDomain = trustDomain;
        Path = path;
    }

    /// <summary>Gets the trust domain, e.g. <c>example.org</c>.</summary>
    public string TrustDomain { get; }

    /// <summary>Gets the path, empty or starting with <c>/</c>, e.g. <c>/ns/default/sa/nsmgr</c>.</summary>
    public string Path { get; }

    /// <summary>Parses a SPIFFE ID.</summary>
    /// <param name="value">The ID string.</param>
    /// <returns>The ID.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not a valid SPIFFE ID.</exception>
    public static SpiffeId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid SPIFFE ID.");
    }

    /// <summary>Parses a SPIFFE ID.</summary>
    /// <param name="value">The ID string, possibly <see langword="null"/>.</param>
    /// <param name="id">The ID when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid SPIFFE ID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (value is null || !value.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        var trustDomain = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? [] : rest[slash..];
        if (!IsValidTrustDomain(trustDomain) || !IsValidPath(path))
        {
            return false;
        }

        id = new SpiffeId(trustDomain.ToString(), path.ToString());
        return true;
    }

    /// <summary>Builds a SPIFFE ID from a trust domain and path segments.</summary>
    /// <param name="trustDomain">The trust domain, e.g. <c>example.org</c>.</param>
    /// <param name="segments">Path segments without slashes, e.g. <c>"ns", "default"</c>.</param>
    /// <returns>The ID.</returns>
    /// <exception cref="FormatException">The result is not a valid SPIFFE ID.</exception>
    public static SpiffeId FromSegments(string trustDomain, params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(segments);
        var path = string.Concat(segments.Select(s => "/" + s));
        return Parse(Scheme + trustDomain + path);
    }

    /// <summary>Returns the ID in its canonical string form.</summary>
    /// <returns><c>spiffe://</c> + trust domain + path.</returns>
    public override string ToString() => Scheme + TrustDomain + Path;

    private static bool IsValidTrustDomain(ReadOnlySpan<char> trustDomain)
    {
        if (trustDomain.IsEmpty)
        {
            return false;
        }

        foreach (var c in trustDomain)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidPath(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            return true;
        }

        foreach (var range in path[1..].Split('/'))
        {
            var segment = path[1..][range];
            if (segment.IsEmpty || segment is "." or "..")
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
