using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>A component served on a fixed URL that can be killed and started again (fresh state, same URL).</summary>
/// <typeparam name="T">The component type.</typeparam>
public sealed class RestartableServer<T>(Uri url, Func<Uri, Task<T>> create, Func<T, NsmServerChains> chains, TimeProvider? clock = null) : IAsyncDisposable
    where T : class
{
    private NsmGrpcServer? _server;

    public Uri Url { get; } = url;

    public T? Current { get; private set; }

    public bool IsRunning => _server is not null;

    public async Task StartAsync()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("already running");
        }

        Current = await create(Url);
        _server = await NsmGrpcServer.StartAsync([Url], chains(Current), clock: clock);
    }

    /// <summary>Kills the component: the server stops (connections are cut) and the component's background work ends.</summary>
    public async Task StopAsync()
    {
        var server = _server;
        var current = Current;
        _server = null;
        Current = null;
        if (server is not null)
        {
            // Wall-clock time on purpose: the sockets drain in real time, whatever clock the component runs on.
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200), TimeProvider.System))
            {
                try
                {
                    await server.StopAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    // Graceful stop timed out: connections are cut.
                }
            }

            await server.DisposeAsync();
        }

        switch (current)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
