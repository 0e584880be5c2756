using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Nsm.Images.Tests;

/// <summary>Waits for a program in a container to answer the gRPC health check.</summary>
internal static class ServingProbe
{
    /// <summary>
    /// The overall health answer on <paramref name="channel"/>: waits for the program to listen (a positive signal,
    /// bounded by 30 s), not for a fixed time, and fails at once with the container's log if the program exits first.
    /// </summary>
    public static async Task<HealthCheckResponse> WaitAsync(Container container, GrpcChannel channel, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(channel);
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ready.CancelAfter(TimeSpan.FromSeconds(30));
        var check = health.CheckAsync(new HealthCheckRequest(), new CallOptions(cancellationToken: ready.Token).WithWaitForReady()).ResponseAsync;
        var exited = container.WaitForExitAsync(ready.Token);
        if (await Task.WhenAny(check, exited) == exited)
        {
            Assert.Fail($"the program stopped ({await exited}) before answering; the container's log:\n{await container.LogsAsync(cancellationToken)}");
        }

        try
        {
            return await check;
        }
        catch (RpcException ex)
        {
            Assert.Fail($"no health answer on {channel.Target} ({ex.Status}); the container's log:\n{await container.LogsAsync(cancellationToken)}");
            throw;
        }
        finally
        {
            await ready.CancelAsync();
            await exited; // the docker wait process ends with the cancellation
        }
    }

    /// <summary>A TCP port of the loopback that was free a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
