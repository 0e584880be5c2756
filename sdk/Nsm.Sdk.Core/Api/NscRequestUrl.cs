using System.Diagnostics.CodeAnalysis;
using System.Text;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Api;

/// <summary>
/// A network-service request in the NSC URL grammar (cmd-nsc <c>NSM_NETWORK_SERVICES</c>):
/// <c>kernel://my-svc/nsm-1?app=foo</c> means a LOCAL KERNEL mechanism with interface name <c>nsm-1</c>,
/// network service <c>my-svc</c> (or <c>user@host</c> for interdomain) and labels from the query.
/// A bare service name such as <c>isolated-network</c> means <c>kernel://isolated-network/nsm-1</c>.
/// </summary>
public sealed class NscRequestUrl
{
    /// <summary>Interface name used for the bare service-name form.</summary>
    public const string DefaultInterfaceName = "nsm-1";

    private NscRequestUrl(Mechanism mechanism, string networkService, IReadOnlyDictionary<string, string> labels)
    {
        Mechanism = mechanism;
        NetworkService = networkService;
        Labels = labels;
    }

    /// <summary>The requested mechanism: <c>{cls: LOCAL, type: upper(scheme)}</c>, plus <c>name</c> when the URL has a path.</summary>
    public Mechanism Mechanism { get; }

    /// <summary>The network service name: the URL authority (<c>host</c> or <c>user@host</c>).</summary>
    public string NetworkService { get; }

    /// <summary>The labels from the query; multi-valued parameters are joined with <c>,</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Parses the URL; throws <see cref="FormatException"/> when malformed.</summary>
    /// <param name="value">The URL or bare service name.</param>
    public static NscRequestUrl Parse(string value) =>
        TryParse(value, out var result) ? result : throw new FormatException($"invalid network service URL '{value}'");

    /// <summary>Parses the URL; returns false for an empty value, an empty scheme or an empty service name.</summary>
    /// <param name="value">The URL or bare service name.</param>
    /// <param name="result">The parsed request.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out NscRequestUrl? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var hash = value.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            value = value[..hash];
        }

        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var bare = schemeEnd < 0;
        var scheme = bare ? KernelMechanism.MechanismType : value[..schemeEnd];
        var rest = bare ? value : value[(schemeEnd + 3)..];
        if (scheme.Length == 0 || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return false;
        }

        var query = string.Empty;
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[slash..] : string.Empty;
        if (authority.Length == 0)
        {
            return false;
        }

        var mechanism = new Mechanism { Cls = Cls.Local, Type = scheme.ToUpperInvariant() };
        var name = LastPathElement(path);
        if (name.Length == 0 && bare)
        {
            name = DefaultInterfaceName;
        }

        if (name.Length > 0)
        {
            mechanism.Parameters[CommonParameters.InterfaceNameKey] = name;
        }

        if (!TryParseQuery(query, out var labels))
        {
            return false;
        }

        result = new NscRequestUrl(mechanism, authority, labels);
        return true;
    }

    /// <summary>Builds a request with the connection's network service and labels and this mechanism as the only preference.</summary>
    public NetworkServiceRequest ToRequest()
    {
        var connection = new Connection { NetworkService = NetworkService };
        foreach (var (key, value) in Labels)
        {
            connection.Labels[key] = value;
        }

        return new NetworkServiceRequest
        {
            Connection = connection,
            MechanismPreferences = { Mechanism.Clone() },
        };
    }

    private static string LastPathElement(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        var element = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return TryUnescape(element, plusIsSpace: false, out var decoded) ? decoded : element;
    }

    private static bool TryParseQuery(string query, out IReadOnlyDictionary<string, string> labels)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        labels = new Dictionary<string, string>();
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var rawKey = eq >= 0 ? pair[..eq] : pair;
            var rawValue = eq >= 0 ? pair[(eq + 1)..] : string.Empty;
            if (!TryUnescape(rawKey, plusIsSpace: true, out var key) || !TryUnescape(rawValue, plusIsSpace: true, out var value))
            {
                return false;
            }

            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }

            list.Add(value);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            result[key] = string.Join(',', values[key]);
        }

        labels = result;
        return true;
    }

    private static bool TryUnescape(string text, bool plusIsSpace, out string decoded)
    {
        decoded = text;
        if (!text.Contains('%', StringComparison.Ordinal) && !(plusIsSpace && text.Contains('+', StringComparison.Ordinal)))
        {
            return true;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }

                bytes.Add(Convert.FromHexString(text.AsSpan(i + 1, 2))[0]);
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        decoded = Encoding.UTF8.GetString([.. bytes]);
        return true;
    }
}
