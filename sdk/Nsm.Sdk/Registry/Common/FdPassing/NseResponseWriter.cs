using Grpc.Core;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.FdPassing;

/// <summary>A Find stream whose results pass through <paramref name="map"/> (the same message when it returns the same record).</summary>
internal sealed class NseResponseWriter(IAsyncStreamWriter<NetworkServiceEndpointResponse> inner, Func<NetworkServiceEndpoint, bool, NetworkServiceEndpoint> map)
    : IAsyncStreamWriter<NetworkServiceEndpointResponse>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(NetworkServiceEndpointResponse message)
    {
        if (message.NetworkServiceEndpoint is not { } nse || map(nse, message.Deleted) is var mapped && ReferenceEquals(mapped, nse))
        {
            return inner.WriteAsync(message);
        }

        var copy = message.Clone();
        copy.NetworkServiceEndpoint = mapped;
        return inner.WriteAsync(copy);
    }
}
