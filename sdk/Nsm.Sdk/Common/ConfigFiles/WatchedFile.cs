namespace Nsm.Sdk.Common;

/// <summary>
/// A small config file read again whenever it changes, checked with one stat per use (no watcher, no timer): a
/// ConfigMap update swaps the file, and the next use sees it. A missing file is <c>missing</c>; a file that does not
/// parse is reported once, until it changes, and <c>invalid</c> decides what holds meanwhile (nothing, or the last
/// good value).
/// </summary>
/// <typeparam name="T">What the file says.</typeparam>
/// <param name="path">The file.</param>
/// <param name="missing">The value while the file does not exist.</param>
/// <param name="parse">Parses the file's text; throws <see cref="FormatException"/> for a bad file.</param>
/// <param name="changed">Reports the value read after a change (also a removal).</param>
/// <param name="invalid">Reports a file that cannot be read or parsed and returns the value to hold (given the last one).</param>
internal sealed class WatchedFile<T>(string path, T missing, Func<string, T> parse, Action<T> changed, Func<Exception, T, T> invalid)
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length)? _stamp;
    private readonly T _missing = missing;
    private T _value = missing;

    /// <summary>Gets the file.</summary>
    public string Path => path;

    /// <summary>Gets what the file says now, reading it again when its modification time or length changed.</summary>
    /// <returns>The value.</returns>
    public T Current()
    {
        var info = new FileInfo(path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        lock (_gate)
        {
            if (stamp == _stamp)
            {
                return _value;
            }

            _stamp = stamp;
            try
            {
                _value = stamp.Item2 < 0 ? _missing : parse(File.ReadAllText(path));
                changed(_value);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                _value = invalid(e, _value);
            }

            return _value;
        }
    }
}
