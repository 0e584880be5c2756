using System.Net;

namespace Nsm.Sdk.Spiffe;

/// <summary>The Workload API address, <c>SPIFFE_ENDPOINT_SOCKET</c>, parsed as go-spiffe does.</summary>
public static class WorkloadApiAddress
{
    /// <summary>The variable that names the Workload API socket.</summary>
    public const string SocketVariable = "SPIFFE_ENDPOINT_SOCKET";

    /// <summary>Parses an address: <c>unix:///path</c>, <c>unix:path</c> or <c>tcp://ip:port</c>.</summary>
    /// <param name="value">The address text.</param>
    /// <returns>The address as an NSM URL (<c>unix:///path</c> or <c>tcp://ip:port</c>).</returns>
    /// <exception cref="FormatException">The address is not one go-spiffe accepts.</exception>
    public static Uri Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var rest = text["unix:".Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                // unix://host/path is refused as by go-spiffe ("unix: unexpected authority component").
                if (!rest.StartsWith("///", StringComparison.Ordinal))
                {
                    throw new FormatException($"{SocketVariable}: '{text}': unix URLs take no authority (use unix:///path)");
                }

                rest = rest[2..];
            }

            if (rest.Length == 0 || rest == "/" || rest.IndexOfAny(['?', '#']) >= 0)
            {
                throw new FormatException($"{SocketVariable}: '{text}': a unix address needs a path and no query or fragment");
            }

            return new Uri("unix://" + (rest.StartsWith('/') ? rest : Path.GetFullPath(rest)));
        }

        if (text.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate(text, UriKind.Absolute, out var tcp)
            && IPAddress.TryParse(tcp.Host.Trim('[', ']'), out _)
            && !tcp.IsDefaultPort
            && tcp.AbsolutePath == "/"
            && tcp.Query.Length == 0
            && tcp.Fragment.Length == 0
            && tcp.UserInfo.Length == 0)
        {
            return tcp;
        }

        throw new FormatException($"{SocketVariable}: '{text}' is not unix:///path, unix:path or tcp://ip:port");
    }
}
