using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.QueryCache;

/// <summary>One cached NSE, its last use and its background watch.</summary>
internal sealed class QueryCacheEntry(NetworkServiceEndpoint nse, DateTimeOffset now, TimeSpan expireTimeout) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cts = new();
    private CancellationToken? _token;
    private NetworkServiceEndpoint _nse = nse.Clone();
    private DateTimeOffset _expires = now + expireTimeout;

    public string Name { get; } = nse.Name;

    public CancellationToken Token => _token ??= _cts.Token;

    public Task Watch { get; set; } = Task.CompletedTask;

    public NetworkServiceEndpoint? TryGet(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now >= _expires)
            {
                return null;
            }

            _expires = now + expireTimeout;
            return _nse.Clone();
        }
    }

    public void Update(NetworkServiceEndpoint nse, DateTimeOffset? now)
    {
        lock (_lock)
        {
            _nse = nse.Clone();
            if (now is { } n)
            {
                _expires = n + expireTimeout;
            }
        }
    }

    public bool IsExpired(DateTimeOffset now)
    {
        lock (_lock)
        {
            return now >= _expires;
        }
    }

    public void Dispose() => _cts.Dispose();

    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public Task StopAsync()
    {
        Cancel();
        return Watch;
    }
}
