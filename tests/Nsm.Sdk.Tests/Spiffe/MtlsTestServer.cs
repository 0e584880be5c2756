using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.Spiffe;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Hosting.Spiffe;

namespace Nsm.Sdk.Tests.Spiffe;

/// <summary>An in-process gRPC server over the given credentials whose FetchJWTSVID answers who the caller is (its verified SPIFFE ID and certificate serial).</summary>
internal sealed class MtlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MtlsTestServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<MtlsTestServer> StartAsync(NsmTransportCredentials credentials, string? socketPath, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.Interceptors.Add<TlsPeerInterceptor>());
        builder.Services.AddSingleton(new WhoAmI(clock));
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (socketPath is null)
            {
                k.Listen(System.Net.IPAddress.Loopback, 0, credentials.ConfigureServer);
            }
            else
            {
                k.ListenUnixSocket(socketPath, credentials.ConfigureServer);
            }
        });
        var app = builder.Build();
        app.MapGrpcService<WhoAmI>();
        await app.StartAsync();
        var url = socketPath is not null
            ? new Uri("unix://" + socketPath)
            : new Uri("tcp://127.0.0.1:" + new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port);
        return new MtlsTestServer(app, url);
    }

    public async Task<JWTSVID> CallAsync(NsmTransportCredentials credentials)
    {
        using var channel = NsmGrpcChannels.Create(Url, credentials.ConfigureChannel);
        return await CallAsync(channel);
    }

    public static async Task<JWTSVID> CallAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
        var response = await client.FetchJWTSVIDAsync(new JWTSVIDRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        return response.Svids.Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class WhoAmI(TimeProvider clock) : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
    {
        public override Task<JWTSVIDResponse> FetchJWTSVID(JWTSVIDRequest request, ServerCallContext context)
        {
            var peer = ServerCallContextFactory.Create(context, clock, NullLogger.Instance).Peer!;
            return Task.FromResult(new JWTSVIDResponse
            {
                Svids = { new JWTSVID { SpiffeId = peer.SpiffeId ?? string.Empty, Hint = peer.Certificate?.SerialNumber ?? string.Empty } },
            });
        }
    }
}
