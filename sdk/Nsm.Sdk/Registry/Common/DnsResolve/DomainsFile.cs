using System.Globalization;
using System.Net;
using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>
/// Domain resolution without DNS: a text file of <c>&lt;service&gt;.&lt;domain&gt; &lt;address&gt;</c> lines (what the SRV and
/// A records would say), e.g. <c>registry.nsm-system.cluster-b.example.com tcp://172.30.1.2:5002</c>. The address is a
/// <c>tcp://</c> or <c>unix://</c> URL or <c>host:port</c>; <c>#</c> starts a comment. As upstream, a domain that is
/// itself <c>ip:port</c> resolves to that address for every service. The file is read again whenever it changed, so
/// domains can be added while programs run.
/// </summary>
/// <param name="path">The file (<c>NSM_DOMAINS_FILE</c>); a missing file knows no domain.</param>
/// <param name="entries">Entries known without the file (tests, programs that were given them).</param>
public sealed class DomainsFile(string? path, IReadOnlyDictionary<string, Uri>? entries = null) : IDomainResolver
{
    private readonly Lock _lock = new();
    private DateTime _readAt = DateTime.MinValue;
    private Dictionary<string, Uri> _fromFile = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the file.</summary>
    public string? Path { get; } = path;

    /// <inheritdoc />
    public ValueTask<Uri> ResolveAsync(string domain, string service, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (TryParseAddress(domain, out var literal) && literal.Scheme == "tcp" && IPAddress.TryParse(literal.Host.Trim('[', ']'), out _))
        {
            return ValueTask.FromResult(literal);
        }

        var name = service + "." + domain;
        if (entries?.FirstOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } known)
        {
            return ValueTask.FromResult(known);
        }

        Dictionary<string, Uri> current;
        try
        {
            current = Current();
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new NsmStatusException(StatusCode.FailedPrecondition, $"domain {domain}: cannot read the domains file: {ex.Message}", ex);
        }

        if (current.TryGetValue(name, out var url))
        {
            return ValueTask.FromResult(url);
        }

        var where = Path is null ? "no domains file is configured (NSM_DOMAINS_FILE)" : $"no line for it in {Path}";
        throw new NsmStatusException(StatusCode.NotFound, $"domain {domain}: cannot resolve {name}: {where}");
    }

    /// <summary>Parses one file's text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">Names the file in errors.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="FormatException">A line is not <c>name address</c>.</exception>
    public static Dictionary<string, Uri> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var fields = (hash >= 0 ? line[..hash] : line).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 2 || !TryParseAddress(fields[1], out var url))
            {
                throw new FormatException($"{source}:{(i + 1).ToString(CultureInfo.InvariantCulture)}: expected '<service>.<domain> <tcp://host:port | unix:///path | host:port>', got '{line.Trim()}'");
            }

            result[fields[0]] = url;
        }

        return result;
    }

    private static bool TryParseAddress(string text, out Uri url)
    {
        url = null!;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == "unix" || (u.Scheme == "tcp" && u.Port > 0)))
            {
                url = u;
                return true;
            }

            return false;
        }

        var cut = text.LastIndexOf(':');
        if (cut <= 0 || !int.TryParse(text[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        return Uri.TryCreate("tcp://" + text, UriKind.Absolute, out url!);
    }

    private Dictionary<string, Uri> Current()
    {
        if (Path is null)
        {
            return _fromFile;
        }

        lock (_lock)
        {
            var info = new FileInfo(Path);
            var stamp = info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
            if (stamp != _readAt)
            {
                _fromFile = info.Exists ? Parse(File.ReadAllText(Path), Path) : new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
                _readAt = stamp;
            }

            return _fromFile;
        }
    }
}
