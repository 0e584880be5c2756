using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.SwapIp;

/// <summary>
/// A watched <c>map-ip.yaml</c> (cmd-nsmgr-proxy's <c>NSM_MAP_IP_FILE_PATH</c>): <see cref="Current"/> checks the file
/// with one stat and reads it again when it changed. A missing file is <see cref="IpMap.Empty"/>; a file that does not
/// parse is reported once (until it changes) and the last good map stays.
/// </summary>
public sealed class IpMapFile
{
    private readonly WatchedFile<IpMap> _file;

    /// <summary>Creates the watcher; the file is first read on the first use.</summary>
    /// <param name="path">The file.</param>
    /// <param name="logger">Where a changed map, or a bad file, is reported.</param>
    public IpMapFile(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(logger);
        _file = new WatchedFile<IpMap>(
            path,
            IpMap.Empty,
            IpMap.Parse,
            map => SwapIpLog.MapRead(logger, path, map.Count),
            (e, last) =>
            {
                SwapIpLog.MapInvalid(logger, path, e.Message, last.Count);
                return last;
            });
    }

    /// <summary>Gets the file.</summary>
    public string Path => _file.Path;

    /// <summary>Gets the map the file holds now.</summary>
    /// <returns>The map.</returns>
    public IpMap Current() => _file.Current();
}
