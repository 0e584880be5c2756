using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>
/// The guide's <c>nsm.yaml</c> (the <c>nsm-config</c> ConfigMap, mounted into nsmgr): <c>registry.url</c> is the
/// registry of another cluster whose services this cluster reaches. The file is read again when its modification
/// time changes (a ConfigMap update swaps it), so a changed or removed ConfigMap takes effect without a restart.
/// </summary>
/// <param name="path">The file; a missing file means no federation.</param>
/// <param name="logger">Where a changed file's registry URL, or its problem, is reported.</param>
internal sealed class ClusterConfigFile(string path, Microsoft.Extensions.Logging.ILogger logger)
{
    private readonly Lock _gate = new();
    private DateTime _stamp = DateTime.FromFileTimeUtc(0);
    private Uri? _url;

    /// <summary>The registry URL the file names now, or null.</summary>
    public Uri? RegistryUrl()
    {
        Refresh();
        return _url;
    }

    /// <summary>Reads <c>registry.url</c> out of the text of an <c>nsm.yaml</c>.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The URL (a bare host:port means tcp://), or null when the file names none.</returns>
    /// <exception cref="FormatException">The text is not a YAML mapping, or the URL is not one.</exception>
    public static Uri? ParseRegistryUrl(string text)
    {
        var root = Nsm.Sdk.Common.YamlConfigFile.ReadMapping(text, "nsm.yaml must be a mapping (registry:, tunnel:)");
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("registry"), out var registry) || registry is not YamlMappingNode map)
        {
            return null;
        }

        if (!Nsm.Sdk.Common.YamlConfigFile.Scalars(map).TryGetValue("url", out var url) || url.Trim().Length == 0)
        {
            return null;
        }

        url = url.Trim();
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "tcp://" + url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "tcp" && uri.Port > 0 || uri.Scheme == "unix")
            ? uri
            : throw new FormatException($"registry.url '{url}' is not a registry URL (tcp://host:port or unix:///path)");
    }

    private void Refresh()
    {
        // One stat per Find: a missing file reads as 1601-01-01, which is never a real stamp.
        var stamp = File.GetLastWriteTimeUtc(path);
        var missing = stamp == DateTime.FromFileTimeUtc(0);
        lock (_gate)
        {
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            try
            {
                _url = missing ? null : ParseRegistryUrl(File.ReadAllText(path));
                FederationLog.ConfigRead(logger, path, _url);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                _url = null;
                FederationLog.ConfigInvalid(logger, path, e.Message);
            }
        }
    }
}
