using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>A component served on a fixed URL that can be killed and started again (fresh state, same URL).</summary>
/// <typeparam name="T">The component type (disposed when it is stopped, if it is disposable).</typeparam>
/// <param name="url">The URL it is served on, across restarts.</param>
/// <param name="create">Creates a fresh component for the URL (on every start).</param>
/// <param name="chains">The chains of a component that the gRPC server serves.</param>
/// <param name="clock">The clock of the gRPC server's calls; the system clock when <see langword="null"/>.</param>
/// <param name="credentials">The transport it serves with (the same across restarts); plaintext when <see langword="null"/>.</param>
public sealed class RestartableServer<T>(Uri url, Func<Uri, Task<T>> create, Func<T, NsmServerChains> chains, TimeProvider? clock = null, Nsm.Sdk.Hosting.NsmTransportCredentials? credentials = null) : IAsyncDisposable
    where T : class
{
    private NsmGrpcServer? _server;

    /// <summary>Gets the URL the component is served on.</summary>
    public Uri Url { get; } = url;

    /// <summary>Gets the running component, or <see langword="null"/> while it is stopped.</summary>
    public T? Current { get; private set; }

    /// <summary>Gets a value indicating whether the component is served.</summary>
    public bool IsRunning => _server is not null;

    /// <summary>Creates a fresh component and serves it on <see cref="Url"/>.</summary>
    /// <returns>A task that completes when the server listens.</returns>
    /// <exception cref="InvalidOperationException">It is already running.</exception>
    public async Task StartAsync()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("already running");
        }

        Current = await create(Url);
        _server = await NsmGrpcServer.StartAsync([Url], chains(Current), clock: clock, credentials: credentials);
    }

    /// <summary>Kills the component: the server stops (connections are cut) and the component's background work ends.</summary>
    /// <returns>A task that completes when the server and the component are gone.</returns>
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

    /// <summary>Stops the component and starts a fresh one on the same URL.</summary>
    /// <returns>A task that completes when the new server listens.</returns>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Stops the component (<see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when it is stopped.</returns>
    public ValueTask DisposeAsync() => new(StopAsync());
}
