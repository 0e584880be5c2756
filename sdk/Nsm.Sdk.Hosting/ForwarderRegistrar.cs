using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Forwarder;

namespace Nsm.Sdk.Hosting;

/// <summary>Registers a <see cref="ForwarderServer"/> through its nsmgr.</summary>
internal sealed class ForwarderRegistrar(ForwarderServer forwarder) : INsmRegistrar
{
    public Uri RegistryUrl => forwarder.Options.NsmgrUrl!;

    public bool UnregisterOnStop => true;

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(1);

    public Task<NetworkServiceEndpoint> RegisterAsync(CancellationToken cancellationToken) => forwarder.RegisterAsync(cancellationToken);

    public Task UnregisterAsync(NetworkServiceEndpoint? registered, CancellationToken cancellationToken) => forwarder.UnregisterAsync(cancellationToken);

    public ValueTask CloseAsync() => ValueTask.CompletedTask; // the forwarder (a DI singleton) owns its registry client
}
