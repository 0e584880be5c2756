using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>Exposes a registry server chain as the <c>registry.NetworkServiceEndpointRegistry</c> gRPC service.</summary>
/// <param name="chains">The chains the component serves.</param>
/// <param name="clock">The clock.</param>
/// <param name="loggerFactory">Creates the logger.</param>
public sealed class NetworkServiceEndpointRegistryGrpcService(NsmServerChains chains, TimeProvider clock, ILoggerFactory loggerFactory)
    : NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Registry.Endpoints");

    /// <inheritdoc />
    public override Task<NetworkServiceEndpoint> Register(NetworkServiceEndpoint request, ServerCallContext context) =>
        RegistryGrpcCalls.RegisterAsync(chains.EndpointRegistry, request, context, clock, _logger, request.Name);

    /// <inheritdoc />
    public override Task Find(NetworkServiceEndpointQuery request, IServerStreamWriter<NetworkServiceEndpointResponse> responseStream, ServerCallContext context) =>
        RegistryGrpcCalls.FindAsync(chains.EndpointRegistry, request, request.Watch, responseStream, context, clock, _logger);

    /// <inheritdoc />
    public override async Task<Empty> Unregister(NetworkServiceEndpoint request, ServerCallContext context)
    {
        await RegistryGrpcCalls.UnregisterAsync(chains.EndpointRegistry, request, context, clock, _logger, request.Name).ConfigureAwait(false);
        return new Empty();
    }
}

/// <summary>Exposes a registry server chain as the <c>registry.NetworkServiceRegistry</c> gRPC service.</summary>
/// <param name="chains">The chains the component serves.</param>
/// <param name="clock">The clock.</param>
/// <param name="loggerFactory">Creates the logger.</param>
public sealed class NetworkServiceRegistryGrpcService(NsmServerChains chains, TimeProvider clock, ILoggerFactory loggerFactory)
    : NetworkServiceRegistry.NetworkServiceRegistryBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Registry.Services");

    /// <inheritdoc />
    public override Task<NetworkService> Register(NetworkService request, ServerCallContext context) =>
        RegistryGrpcCalls.RegisterAsync(chains.ServiceRegistry, request, context, clock, _logger, request.Name);

    /// <inheritdoc />
    public override Task Find(NetworkServiceQuery request, IServerStreamWriter<NetworkServiceResponse> responseStream, ServerCallContext context) =>
        RegistryGrpcCalls.FindAsync(chains.ServiceRegistry, request, request.Watch, responseStream, context, clock, _logger);

    /// <inheritdoc />
    public override async Task<Empty> Unregister(NetworkService request, ServerCallContext context)
    {
        await RegistryGrpcCalls.UnregisterAsync(chains.ServiceRegistry, request, context, clock, _logger, request.Name).ConfigureAwait(false);
        return new Empty();
    }
}
