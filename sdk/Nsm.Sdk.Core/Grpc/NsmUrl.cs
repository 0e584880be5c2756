namespace Nsm.Sdk.Core;

/// <summary>Parses and classifies the URLs NSM components listen on and dial: <c>unix:///path</c> and <c>tcp://host:port</c>.</summary>
public static class NsmUrl
{
    /// <summary>Parses a URL, accepting upstream's forms.</summary>
    /// <param name="value">The text, e.g. <c>unix:///var/lib/networkservicemesh/nsm.io.sock</c> or <c>tcp://127.0.0.1:5001</c>.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="FormatException">The text is not a unix or tcp URL.</exception>
    public static Uri Parse(string value)
    {
        if (!TryParse(value, out var url, out var error))
        {
            throw new FormatException(error);
        }

        return url;
    }

    /// <summary>Tries to parse a URL.</summary>
    /// <param name="value">The text.</param>
    /// <param name="url">The URL when valid.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(string? value, out Uri url, out string error)
    {
        url = null!;
        error = string.Empty;
        var text = value?.Trim() ?? string.Empty;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            error = $"'{text}' is not a URL; use unix:///path or tcp://host:port";
            return false;
        }

        switch (parsed.Scheme)
        {
            case "unix" when parsed.AbsolutePath.Length > 1:
                url = parsed;
                return true;
            case "tcp" or "http" when !string.IsNullOrEmpty(parsed.Host) && parsed.Port > 0:
                url = parsed;
                return true;
            default:
                error = $"'{text}' is not a unix:///path or tcp://host:port URL";
                return false;
        }
    }

    /// <summary>Gets a value indicating whether the URL names a unix socket.</summary>
    /// <param name="url">The URL.</param>
    /// <returns><see langword="true"/> for <c>unix://</c>.</returns>
    public static bool IsUnix(Uri url) => url?.Scheme == "unix";

    /// <summary>Gets the socket path of a <c>unix://</c> URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The path.</returns>
    public static string SocketPath(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.UnescapeDataString(url.AbsolutePath);
    }
}
