using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Spiffe;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// A development SPIFFE Workload API server (the SPIRE agent's role on one machine): its own CA
/// (<see cref="DevCertificateAuthority"/>) issues each caller an X.509-SVID named by the
/// <see cref="DevWorkloadApiServerOptions.CallerResolver"/> from the caller's <c>SO_PEERCRED</c>, streams a new one at
/// half of each SVID's lifetime, and refuses calls without the <c>workload.spiffe.io</c> header as SPIRE does.
/// </summary>
/// <remarks>Serves only the X.509 profile (<c>FetchX509SVID</c>, <c>FetchX509Bundles</c>); the JWT methods answer Unimplemented.</remarks>
public sealed class DevWorkloadApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevWorkloadApiServer(WebApplication app, DevCertificateAuthority authority, DevWorkloadApiServerOptions options)
    {
        _app = app;
        Authority = authority;
        Options = options;
        Address = new Uri("unix://" + Path.GetFullPath(options.SocketPath));
    }

    /// <summary>Gets the CA that issues the SVIDs.</summary>
    public DevCertificateAuthority Authority { get; }

    /// <summary>Gets the options.</summary>
    public DevWorkloadApiServerOptions Options { get; }

    /// <summary>Gets the address callers dial (the value of <c>SPIFFE_ENDPOINT_SOCKET</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts a server with a new CA.</summary>
    /// <param name="options">The options.</param>
    /// <param name="clock">The clock that dates the SVIDs and times their rotation; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<DevWorkloadApiServer> StartAsync(
        DevWorkloadApiServerOptions options,
        TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        clock ??= TimeProvider.System;
        var authority = options.Authority ?? new DevCertificateAuthority(options.TrustDomain, clock);
        var logger = (ILogger?)loggerFactory?.CreateLogger<DevWorkloadApiServer>() ?? NullLogger.Instance;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new DevWorkloadApiService(authority, options, clock, logger));
        var path = Path.GetFullPath(options.SocketPath);
        builder.WebHost.ConfigureKestrel(k =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path); // a socket file left by a dead process would make bind fail
            k.ListenUnixSocket(path, o => o.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.MapGrpcService<DevWorkloadApiService>();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (options.Authority is null)
            {
                authority.Dispose();
            }

            throw;
        }

        // Any local process may ask; what it gets is decided by its peer credentials.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // rw-rw-rw-
        }
        return new DevWorkloadApiServer(app, authority, options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Wall-clock time on purpose: draining sockets takes real time, whatever clock dates the SVIDs.
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System))
        {
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        File.Delete(Address.AbsolutePath);
        if (Options.Authority is null)
        {
            Authority.Dispose();
        }
    }
}
