using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Cmd.RegistryK8s;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Cmd.RegistryK8s.Storage;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.RegistryK8s.Tests;

/// <summary>One registry-k8s replica over a fake API: its chains served on a unix socket, and SDK clients of it.</summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-rk8s-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _lifetime = new();
    private NsmGrpcServer? _server;
    private bool _disposed;

    private Replica(FakeKubernetesApi api, TimeProvider clock, TimeSpan expirePeriod)
    {
        var settings = new KubernetesApiSettings(api.Url, "nsm-system");
        _http = settings.CreateHttpClient();
        Clock = clock;
        Server = new RegistryK8sServer(
            new MemoryRegistryOptions { Name = "registry", DefaultExpiration = expirePeriod },
            _http,
            settings,
            new RegistryK8sOptions { Mirror = new CustomResourceMirrorOptions { RetryDelay = TimeSpan.FromMilliseconds(50) } },
            new NsmBuildContext { TimeProvider = clock, Lifetime = _lifetime.Token });
        var clientOptions = new RegistryClientOptions { RegistryUrl = Url, RefreshEnabled = false, HealEnabled = false, RetryEnabled = false };
        Endpoints = new EndpointRegistryClient(clientOptions);
        Services = new ServiceRegistryClient(clientOptions);
    }

    public RegistryK8sServer Server { get; }

    public TimeProvider Clock { get; }

    public EndpointRegistryClient Endpoints { get; }

    public ServiceRegistryClient Services { get; }

    public Uri Url => new("unix://" + Path.Combine(_dir, "registry.sock"));

    public static async Task<Replica> StartAsync(FakeKubernetesApi api, TimeProvider? clock = null, TimeSpan? expirePeriod = null)
    {
        var replica = new Replica(api, clock ?? TimeProvider.System, expirePeriod ?? TimeSpan.FromMinutes(1));
        Directory.CreateDirectory(replica._dir);
        replica._server = await NsmGrpcServer.StartAsync([replica.Url], replica.Server.Chains, loggerFactory: NullLoggerFactory.Instance, clock: replica.Clock);
        await replica.Server.Endpoints.Mirror.WaitSyncedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await replica.Server.Services.Mirror.WaitSyncedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return replica;
    }

    public static NsmContext Call() => new();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Endpoints.DisposeAsync();
        await Services.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _lifetime.CancelAsync();
        await Server.DisposeAsync();
        _http.Dispose();
        _lifetime.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}

internal static class Eventually
{
    /// <summary>Waits (real time, bounded) until the condition holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var start = Environment.TickCount64;
        while (!condition())
        {
            if (Environment.TickCount64 - start > timeoutMs)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }
}
