using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Core;

/// <summary>
/// Serves a component's chains over gRPC (HTTP/2, plaintext or the given transport credentials) on one or more
/// <c>unix://</c> and <c>tcp://</c> URLs, with the standard gRPC health service reporting SERVING for every served service.
/// </summary>
public sealed class NsmGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NsmGrpcServer(WebApplication app, IReadOnlyList<Uri> urls)
    {
        _app = app;
        Urls = urls;
    }

    /// <summary>Gets the URLs the server listens on.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>Gets the server's service provider.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server.</summary>
    /// <param name="urls">Where to listen.</param>
    /// <param name="chains">What to serve.</param>
    /// <param name="configure">Extra service registrations and endpoint mappings (e.g. registry services), or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <param name="clock">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="credentials">The transport (e.g. SPIFFE mTLS, whose callers' certificates reach the chains); plaintext when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<NsmGrpcServer> StartAsync(
        IEnumerable<Uri> urls,
        NsmServerChains chains,
        NsmGrpcServerExtras? configure = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? clock = null,
        Nsm.Sdk.Hosting.NsmTransportCredentials? credentials = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(chains);
        var list = urls.ToList();
        // No appsettings reload: it would put a recursive inotify watch on the working directory for files never read.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton(chains);
        Nsm.Sdk.Hosting.NsmGrpcServices.Add(builder.Services);
        if (credentials is { IsSecure: true })
        {
            builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>, Nsm.Sdk.Hosting.Spiffe.TlsPeerInterceptorSetup>();
        }

        Nsm.Sdk.Hosting.FdPassing.NsmFdPassingServices.Add(builder.Services);
        builder.Services.AddSingleton<HealthServiceImpl>();
        configure?.ConfigureServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(k => ListenOn(k, list, credentials ?? Nsm.Sdk.Hosting.NsmTransportCredentials.Plaintext));

        var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthServiceImpl>();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        Nsm.Sdk.Hosting.PeerLimitMiddleware.Use(app);
        Nsm.Sdk.Hosting.NsmChainServices.Map(app, chains, health);

        foreach (var name in configure?.MapServices?.Invoke(app) ?? [])
        {
            health.SetStatus(name, HealthCheckResponse.Types.ServingStatus.Serving);
        }

        app.MapGrpcService<Nsm.Sdk.Hosting.NsmGrpcService<HealthServiceImpl>>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new NsmGrpcServer(app, list);
    }

    /// <summary>Stops the server and removes its unix socket files.</summary>
    /// <param name="cancellationToken">Cancels a graceful stop (then connections are cut).</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var url in Urls.Where(NsmUrl.IsUnix))
        {
            File.Delete(NsmUrl.SocketPath(url));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Wall-clock time on purpose: draining sockets takes real time, whatever clock drives the chains (a fake one in tests).
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System))
        {
            await StopAsync(cts.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void ListenOn(KestrelServerOptions kestrel, IEnumerable<Uri> urls, Nsm.Sdk.Hosting.NsmTransportCredentials credentials)
    {
        foreach (var url in urls)
        {
            if (NsmUrl.IsUnix(url))
            {
                var path = NsmUrl.SocketPath(url);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Delete(path); // a socket file left by a dead process would make bind fail
                kestrel.ListenUnixSocket(path, credentials.ConfigureServer);
            }
            else
            {
                var address = url.Host is "localhost" or "" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Parse(url.Host.Trim('[', ']'));
                kestrel.Listen(address, url.Port, credentials.ConfigureServer);
            }
        }
    }
}

/// <summary>Extra services a <see cref="NsmGrpcServer"/> hosts beside the NetworkService and MonitorConnection chains.</summary>
public sealed record NsmGrpcServerExtras
{
    /// <summary>Gets the extra service registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Gets the extra gRPC endpoint mappings; returns the gRPC service names to report as SERVING.</summary>
    public Func<WebApplication, IEnumerable<string>>? MapServices { get; init; }
}
