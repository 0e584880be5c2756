using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.SiteTunnel;

/// <summary>
/// The tunnel of an <c>nsm.yaml</c> file (the mounted <c>nsm-config</c> ConfigMap), read again whenever the file
/// changes. A missing file, or one without a <c>tunnel</c> section, means no tunnel. A file that does not parse is
/// reported once (the field and why) and the last good tunnel holds: a typo never takes a working tunnel down.
/// </summary>
public sealed partial class SiteTunnelConfigFile
{
    private readonly WatchedFile<SiteTunnelSettings?> _file;

    /// <summary>Creates the reader.</summary>
    /// <param name="path">The file.</param>
    /// <param name="logger">Where a changed file's tunnel, or its problem, is reported.</param>
    public SiteTunnelConfigFile(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        _file = new WatchedFile<SiteTunnelSettings?>(
            path,
            missing: null,
            SiteTunnelSettings.Parse,
            settings => LogRead(logger, path, settings is null ? "none" : settings),
            (e, last) =>
            {
                LogInvalid(logger, path, e.Message, last is null ? "no tunnel" : "the tunnel stays as it was");
                return last;
            });
    }

    /// <summary>Gets the file.</summary>
    public string Path => _file.Path;

    /// <summary>Gets the tunnel the file asks for now (one stat; the file is read again only when it changed).</summary>
    /// <returns>The tunnel, or null for none.</returns>
    public SiteTunnelSettings? Current() => _file.Current();

    [LoggerMessage(EventId = 1415, Level = LogLevel.Information, Message = "nsm-config {Path}: tunnel {Tunnel}")]
    private static partial void LogRead(ILogger logger, string path, object tunnel);

    [LoggerMessage(EventId = 1416, Level = LogLevel.Error, Message = "nsm-config {Path} is not usable: {Problem}; {Holds}")]
    private static partial void LogInvalid(ILogger logger, string path, string problem, string holds);
}
