using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Api.Registry;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Sdk.Tests.Hosting;

/// <summary>An NSE in one web host (<c>AddNsm</c>, <c>MapNsm</c>) against a registry over real gRPC.</summary>
public sealed class NsmHostTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-host-").FullName;
    private readonly MemoryRegistryServer _registry = new();
    private NsmGrpcServer? _registryServer;

    private Uri RegistryUrl => new("unix://" + Path.Combine(_dir, "registry.sock"));

    private Uri NseUrl => new("unix://" + Path.Combine(_dir, "nse.sock"));

    public async Task InitializeAsync() => _registryServer = await NsmGrpcServer.StartAsync([RegistryUrl], _registry.Chains);

    public async Task DisposeAsync()
    {
        await _registryServer!.DisposeAsync();
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_endpoint_serves_health_registers_once_listening_and_unregisters_at_stop()
    {
        var builder = NsmHost.CreateWebApplicationBuilder([]);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = "nse" })
            .ListenOn(NseUrl)
            .AddEndpoint(_ => new EndpointOptions { Name = "nse" })
            .AddRegistration(_ => new NsmRegistrationOptions
            {
                RegistryUrl = RegistryUrl,
                Endpoint = new NetworkServiceEndpoint { Name = "nse", Url = NseUrl.ToString(), NetworkServiceNames = { "svc" } },
                Services = [new NetworkService { Name = "svc" }],
            });
        var app = builder.Build();
        app.MapNsm();
        await app.StartAsync();
        var context = app.Services.GetRequiredService<NsmBuildContext>();

        using (var channel = NsmGrpcChannels.Create(NseUrl))
        {
            var health = new Health.HealthClient(channel);
            var reply = await health.CheckAsync(new HealthCheckRequest { Service = "networkservice.NetworkService" });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }

        await EventuallyAsync(() => _registry.EndpointStore.Get("nse") is not null, "the registration");
        Assert.NotNull(_registry.ServiceStore.Get("svc"));

        var stopping = Environment.TickCount64;
        await app.StopAsync();
        Assert.True(Environment.TickCount64 - stopping < NsmHost.ShutdownTimeout.TotalMilliseconds, "the stop took longer than the shutdown timeout");
        Assert.Null(_registry.EndpointStore.Get("nse"));
        Assert.True(context.Lifetime.IsCancellationRequested, "the components outlived the host");
        Assert.False(File.Exists(NsmUrl.SocketPath(NseUrl)), "the socket file is left");
        await app.DisposeAsync();
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, what + " did not happen");
            await Task.Delay(20);
        }
    }
}
