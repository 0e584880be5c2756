using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>
/// Upstream <c>excludedprefixes</c> server: on the first Request it starts watching a YAML file
/// (<c>prefixes: [...]</c>) and from then on appends its prefixes to every request's <c>excluded_prefixes</c>, without duplicates.
/// </summary>
/// <remarks>
/// The file is re-read whenever it is created, changed, renamed or deleted. A missing, unreadable or malformed file means no
/// extra prefixes, with a warning in the log; it never fails a Request. Dispose the element to stop watching.
/// </remarks>
public sealed class ExcludedPrefixesServer : INetworkServiceServer, IDisposable
{
    private readonly ExcludedPrefixesServerOptions _options;
    private readonly Lock _lock = new();
    private readonly Lock _reloadLock = new();
    private FileSystemWatcher? _watcher;
    private ILogger? _logger;
    private volatile string[] _prefixes = [];
    private bool _started;
    private bool _disposed;

    /// <summary>Creates the element.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public ExcludedPrefixesServer(ExcludedPrefixesServerOptions? options = null)
    {
        _options = options ?? new ExcludedPrefixesServerOptions();
        ArgumentException.ThrowIfNullOrEmpty(_options.ConfigPath, nameof(options));
    }

    /// <summary>Gets the prefixes currently loaded from the file.</summary>
    public IReadOnlyList<string> Prefixes => _prefixes;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        EnsureStarted(context.Logger);
        var prefixes = _prefixes;
        if (prefixes.Length > 0)
        {
            var conn = request.Connection ??= new Connection();
            var ip = (conn.Context ??= new ConnectionContext()).IpContext ??= new IPContext();
            var merged = ip.ExcludedPrefixes.Concat(prefixes).Distinct(StringComparer.Ordinal).ToArray();
            ip.ExcludedPrefixes.Clear();
            ip.ExcludedPrefixes.Add(merged);
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    /// <summary>Stops watching the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Re-reads the file now (the watcher calls this on every change).</summary>
    internal void Reload()
    {
        var path = _options.ConfigPath;
        lock (_reloadLock)
        {
            string[] loaded = [];
            try
            {
                loaded = ExcludedPrefixesFile.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                var error = e.Message;
                _logger?.LogWarning("excluded prefixes: cannot use {Path}, no extra prefixes: {Error}", path, error);
            }

            _prefixes = loaded;
        }
    }

    private void EnsureStarted(ILogger logger)
    {
        if (Volatile.Read(ref _started))
        {
            return;
        }

        lock (_lock)
        {
            if (_started || _disposed)
            {
                return;
            }

            _logger = _options.Logger ?? logger;
            StartWatching();
            Reload();
            Volatile.Write(ref _started, true);
        }
    }

    private void StartWatching()
    {
        var full = System.IO.Path.GetFullPath(_options.ConfigPath);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir))
        {
            _logger?.LogWarning("excluded prefixes: directory of {Path} does not exist; not watching it", full);
            return;
        }

        // The whole directory is watched: Kubernetes swaps config maps by renaming a hidden symlink, not the file.
        var watcher = new FileSystemWatcher(dir)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => Reload();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => Reload();
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
    }
}
