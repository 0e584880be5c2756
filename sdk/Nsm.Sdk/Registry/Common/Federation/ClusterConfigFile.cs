using Nsm.Sdk.Common;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>
/// The guide's <c>nsm.yaml</c> (the <c>nsm-config</c> ConfigMap, mounted into nsmgr): <c>registry.url</c> is the
/// registry of another cluster whose services this cluster reaches. The file is read again when it changes (a
/// ConfigMap update swaps it), so a changed or removed ConfigMap takes effect without a restart; a bad file means no
/// federation until it changes.
/// </summary>
internal sealed class ClusterConfigFile
{
    private readonly WatchedFile<Uri?> _file;

    /// <summary>Creates the reader.</summary>
    /// <param name="path">The file; a missing file means no federation.</param>
    /// <param name="logger">Where a changed file's registry URL, or its problem, is reported.</param>
    public ClusterConfigFile(string path, Microsoft.Extensions.Logging.ILogger logger) =>
        _file = new WatchedFile<Uri?>(
            path,
            missing: null,
            ParseRegistryUrl,
            url => FederationLog.ConfigRead(logger, path, url),
            (e, _) =>
            {
                FederationLog.ConfigInvalid(logger, path, e.Message);
                return null;
            });

    /// <summary>The registry URL the file names now, or null.</summary>
    public Uri? RegistryUrl() => _file.Current();

    /// <summary>Reads <c>registry.url</c> out of the text of an <c>nsm.yaml</c>.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The URL (a bare host:port means tcp://), or null when the file names none.</returns>
    /// <exception cref="FormatException">The text is not a YAML mapping, or the URL is not one.</exception>
    public static Uri? ParseRegistryUrl(string text)
    {
        var root = YamlConfigFile.ReadMapping(text, "nsm.yaml must be a mapping (registry:, tunnel:)");
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("registry"), out var registry) || registry is not YamlMappingNode map)
        {
            return null;
        }

        if (!YamlConfigFile.Scalars(map).TryGetValue("url", out var url) || url.Trim().Length == 0)
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
}
