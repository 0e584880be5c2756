using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Tests.RegistryCommon;

/// <summary>A terminal NSE element that counts calls, can fail, and can stamp an expiration on responses.</summary>
internal sealed class RecordingNse(TimeProvider? clock = null, TimeSpan? expiration = null) : INetworkServiceEndpointRegistryServer, INetworkServiceEndpointRegistryClient
{
    private int _registers;
    private int _unregisters;

    public int Registers => Volatile.Read(ref _registers);

    public int Unregisters => Volatile.Read(ref _unregisters);

    public int FailNext { get; set; }

    public List<NetworkServiceEndpoint> Seen { get; } = [];

    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new NsmStatusException(StatusCode.Unavailable, "injected");
        }

        Interlocked.Increment(ref _registers);
        lock (Seen)
        {
            Seen.Add(item.Clone());
        }

        var response = item.Clone();
        if (expiration is { } e)
        {
            response.ExpirationTime = Timestamp.FromDateTimeOffset(clock!.GetUtcNow() + e);
        }

        return new(response);
    }

    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
        next.FindAsync(query, stream, context);

    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
    {
        Interlocked.Increment(ref _unregisters);
        return default;
    }
}

internal static class Eventually
{
    /// <summary>Waits (real time) until the condition holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 5000, Action? tick = null)
    {
        var start = Environment.TickCount64;
        while (!condition())
        {
            if (Environment.TickCount64 - start > timeoutMs)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            tick?.Invoke();
            await Task.Delay(10);
        }
    }
}
