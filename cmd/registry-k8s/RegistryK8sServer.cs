using Microsoft.Extensions.Logging;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Cmd.RegistryK8s.Storage;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.Interdomain;
using Nsm.Sdk.Registry.Common.LogRegistrations;
using Nsm.Sdk.Registry.Common.Null;
using Nsm.Sdk.Registry.Common.SetPayload;
using Nsm.Sdk.Registry.Common.SetRegistrationTime;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.RegistryK8s;

/// <summary>
/// The registry of upstream's cmd-registry-k8s (sdk-k8s <c>chains/registryk8s</c>): the memory registry's chains
/// (<see cref="RegistryServer"/>) over custom resources by custom resources of the Kubernetes API.
/// </summary>
/// <remarks>
/// NSE chain: grpcmetadata → updatepath → authorize → begin → (interdomain → proxy registry) → logregistrations →
/// setregistrationtime → expire → <see cref="KubernetesNseServer"/>. NS chain: grpcmetadata → updatepath → authorize →
/// (interdomain → proxy registry) → setpayload → <see cref="KubernetesNsServer"/>. The NSE object holds the
/// <c>expiration_time</c> set by expire, so that any replica can delete it once expired.
/// </remarks>
internal sealed class RegistryK8sServer : IAsyncDisposable
{
    private readonly RegistryServer _registry;

    /// <summary>Builds the chains and starts listing and watching the objects.</summary>
    /// <param name="options">The registry's settings (name, expiry, proxy registry, tokens, policies).</param>
    /// <param name="http">The HTTP client of the Kubernetes API; the caller owns it.</param>
    /// <param name="api">Where the API is and the namespace.</param>
    /// <param name="storage">Timings of the storage.</param>
    /// <param name="context">The build context: clock, logging, lifetime, security.</param>
    public RegistryK8sServer(MemoryRegistryOptions options, HttpClient http, KubernetesApiSettings api, RegistryK8sOptions storage, NsmBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(context);
        options.Validate();
        storage = storage with { TimeProvider = context.TimeProvider };
        var logger = context.LoggerFactory.CreateLogger("Nsm.Cmd.RegistryK8s");
        Endpoints = KubernetesNseServer.Create(
            new CustomResourceClient(http, api, RegistryResources.EndpointPlural, Sdk.Registry.Matching.NetworkServiceEndpointDocument.Kind), storage, logger, context.Lifetime);
        Services = KubernetesNsServer.Create(
            new CustomResourceClient(http, api, RegistryResources.ServicePlural, Sdk.Registry.Matching.NetworkServiceDocument.Kind), storage, logger, context.Lifetime);
        _registry = new RegistryServer(options, context, Endpoints, Services);
    }

    /// <summary>Gets the generator of the registry's own path tokens.</summary>
    public ITokenGenerator TokenGenerator => _registry.TokenGenerator;

    /// <summary>Gets the NSE storage element.</summary>
    public KubernetesNseServer Endpoints { get; }

    /// <summary>Gets the NS storage element.</summary>
    public KubernetesNsServer Services { get; }

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointChain => _registry.EndpointChain;

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceChain => _registry.ServiceChain;

    /// <summary>Gets the chains to serve.</summary>
    public NsmServerChains Chains => _registry.Chains;

    /// <summary>Stops the timers, the watches and the proxy connections.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync().ConfigureAwait(false);
        await Endpoints.DisposeAsync().ConfigureAwait(false);
        await Services.DisposeAsync().ConfigureAwait(false);
    }
}
