using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.ClientConn;
using Nsm.Sdk.Registry.Common.ClientToken;
using Nsm.Sdk.Registry.Common.ClientUrl;
using Nsm.Sdk.Registry.Common.Dial;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.Heal;
using Nsm.Sdk.Registry.Common.Null;
using Nsm.Sdk.Registry.Common.Refresh;
using Nsm.Sdk.Registry.Common.Retry;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>
/// The NSE registry client chain (upstream <c>chains/client</c>) an NSE or forwarder uses to register itself, with
/// the background state (refresh timers, heal watches, connections) it owns.
/// </summary>
/// <remarks>
/// Order: begin → retry → heal → refresh → [<see cref="RegistryClientOptions.EndpointPolicy"/>] → clienturl →
/// clientconn → grpcmetadata → dial → [<see cref="RegistryClientOptions.EndpointAdditionalFunctionality"/>] →
/// [client token, with <see cref="RegistryClientOptions.TokenGenerator"/>] → connect (gRPC).
/// Every Register and Unregister sends the registry <c>path</c> (the one the server returned last for that name on a
/// refresh, the server half's path when an nsmgr forwards) and keeps the returned one.
/// Call the chain's own Register/Find/Unregister with the tail, e.g. <c>client.RegisterAsync(nse, context)</c>.
/// </remarks>
public sealed class EndpointRegistryClient : RegistryClientBase<INetworkServiceEndpointRegistryClient, NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>,
    INetworkServiceEndpointRegistryClient
{
    /// <summary>Builds the chain.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    public EndpointRegistryClient(RegistryClientOptions? options = null)
        : base(Build(options ?? new RegistryClientOptions()))
    {
    }

    private static IEnumerable<INetworkServiceEndpointRegistryClient> Build(RegistryClientOptions o)
    {
        o.Validate();
        yield return new BeginNseClient();
        yield return o.RetryEnabled ? new RetryNseClient(o.Retry) : new NullNseRegistry();
        yield return o.HealEnabled ? new HealNseClient() : new NullNseRegistry();
        yield return o.RefreshEnabled ? new RefreshNseClient() : new NullNseRegistry();
        foreach (var e in o.EndpointPolicy)
        {
            yield return e;
        }

        yield return o.RegistryUrl is { } url ? new ClientUrlNseRegistry(url) : new NullNseRegistry();
        yield return new ClientConnNseClient();
        yield return new GrpcMetadataNseClient();
        yield return new DialNseClient(o.ToDialOptions());
        foreach (var e in o.EndpointAdditionalFunctionality)
        {
            yield return e;
        }

        if (o.TokenGenerator is { } tokens)
        {
            yield return new ClientTokenNseClient(tokens, o.TokenOptions);
        }

        yield return o.EndpointTerminal ?? new GrpcNetworkServiceEndpointRegistryClient();
    }
}

/// <summary>The NS registry client chain (upstream <c>chains/client</c>); NS registrations are never refreshed.</summary>
/// <remarks>
/// Order: begin → retry → [<see cref="RegistryClientOptions.ServicePolicy"/>] → heal → clienturl → clientconn →
/// grpcmetadata → dial → [<see cref="RegistryClientOptions.ServiceAdditionalFunctionality"/>] → [client token] → connect (gRPC).
/// </remarks>
public sealed class ServiceRegistryClient : RegistryClientBase<INetworkServiceRegistryClient, NetworkService, NetworkServiceQuery, NetworkServiceResponse>,
    INetworkServiceRegistryClient
{
    /// <summary>Builds the chain.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    public ServiceRegistryClient(RegistryClientOptions? options = null)
        : base(Build(options ?? new RegistryClientOptions()))
    {
    }

    private static IEnumerable<INetworkServiceRegistryClient> Build(RegistryClientOptions o)
    {
        o.Validate();
        yield return new BeginNsClient();
        yield return o.RetryEnabled ? new RetryNsClient(o.Retry) : new NullNsRegistry();
        foreach (var e in o.ServicePolicy)
        {
            yield return e;
        }

        yield return o.HealEnabled ? new HealNsClient() : new NullNsRegistry();
        yield return o.RegistryUrl is { } url ? new ClientUrlNsRegistry(url) : new NullNsRegistry();
        yield return new ClientConnNsClient();
        yield return new GrpcMetadataNsClient();
        yield return new DialNsClient(o.ToDialOptions());
        foreach (var e in o.ServiceAdditionalFunctionality)
        {
            yield return e;
        }

        if (o.TokenGenerator is { } tokens)
        {
            yield return new ClientTokenNsClient(tokens, o.TokenOptions);
        }

        yield return o.ServiceTerminal ?? new GrpcNetworkServiceRegistryClient();
    }
}
