using Grpc.Health.V1;
using Grpc.Net.Client;
using Nsm.Api.Registry;

namespace Nsm.Images.Tests;

/// <summary>
/// The cmd-registry-memory image, built by scripts/images.sh from the Native AOT publish, run as a user runs it:
/// detached, with host networking, reached over gRPC on a host TCP port.
/// </summary>
public sealed class RegistryImageTests
{
    private const string Role = "registry-memory";

    [DockerFact]
    public async Task Serves_health_and_registrations_on_a_host_network_port_and_stops_cleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var image = await Images.EnsureAsync(Role, cts.Token);
        var port = ServingProbe.FreeTcpPort();
        await using var container = await Container.RunAsync(
            image,
            ["--network", "host", "-e", "NSM_INSECURE=true", "-e", $"NSM_LISTEN_ON=tcp://127.0.0.1:{port}", "-e", "NSM_NAME=images-test-registry"],
            cts.Token);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = new Health.HealthClient(channel);
        var overall = await ServingProbe.WaitAsync(container, channel, cts.Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        var registryHealth = await health.CheckAsync(
            new HealthCheckRequest { Service = "registry.NetworkServiceEndpointRegistry" }, cancellationToken: cts.Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, registryHealth.Status);

        // A registration signs the registry's path token: the image's libssl/libcrypto are used, not only its libc.
        var registry = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        var nse = new NetworkServiceEndpoint { Name = "images-test-nse", NetworkServiceNames = { "images-test" }, Url = "tcp://127.0.0.1:1" };
        var registered = await registry.RegisterAsync(nse, cancellationToken: cts.Token);
        Assert.Equal(nse.Name, registered.Name);
        Assert.NotNull(registered.ExpirationTime);

        using var find = registry.Find(
            new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = nse.Name } },
            cancellationToken: cts.Token);
        Assert.True(await find.ResponseStream.MoveNext(cts.Token), "Find returned nothing");
        Assert.Equal(nse.Name, find.ResponseStream.Current.NetworkServiceEndpoint.Name);

        await container.AssertStopsCleanlyAsync(cts.Token);
    }

    [DockerFact]
    public async Task Holds_the_binary_and_its_libraries_only()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var image = await Images.EnsureAsync(Role, cts.Token);

        var size = await DockerCli.RunAsync(["image", "inspect", "-f", "{{.Size}}", image], TimeSpan.FromSeconds(30), cts.Token);
        Assert.True(size.Ok, size.ToString());
        var bytes = long.Parse(size.Output, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(bytes < 40L * 1024 * 1024, $"{image} is {bytes / 1024 / 1024} MiB (the README says about 20)");

        // No shell, no distribution: a command that is not the program cannot start.
        var shell = await DockerCli.RunAsync(
            ["run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", image, "-c", "true"], TimeSpan.FromSeconds(60), cts.Token);
        Assert.False(shell.Ok, $"/bin/sh ran in {image}");
    }
}
