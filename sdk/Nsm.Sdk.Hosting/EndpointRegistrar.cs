using Nsm.Api.Registry;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.FdPassing;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting;

/// <summary>Registers the network services and then the endpoint of <see cref="NsmRegistrationOptions"/>.</summary>
internal sealed class EndpointRegistrar : INsmRegistrar, IAsyncDisposable
{
    private readonly NsmRegistrationOptions _options;
    private readonly NsmBuildContext _context;
    private readonly ServiceRegistryClient _services;
    private readonly EndpointRegistryClient _endpoints;
    private int _closed;

    public EndpointRegistrar(NsmRegistrationOptions options, NsmBuildContext context, ITokenGenerator? tokenGenerator)
    {
        options.Validate();
        _options = options;
        _context = context;
        var client = RegistryClientOptions.For(context, options.TokenGenerator ?? tokenGenerator) with
        {
            RegistryUrl = options.RegistryUrl,
            DialTimeout = options.DialTimeout,
        };
        _services = new ServiceRegistryClient(client);

        // An NSE on a unix socket passes the socket with its registration: the nsmgr may not see this pod's files.
        _endpoints = new EndpointRegistryClient(client with { EndpointAdditionalFunctionality = [.. client.EndpointAdditionalFunctionality, new SendFdNseClient()] });
    }

    public Uri RegistryUrl => _options.RegistryUrl!;

    public bool UnregisterOnStop => _options.UnregisterOnStop;

    public TimeSpan RetryDelay => _options.RetryDelay;

    public async Task<NetworkServiceEndpoint> RegisterAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _options.Services)
        {
            await _services.RegisterAsync(service.Clone(), Context(cancellationToken)).ConfigureAwait(false);
        }

        return await _endpoints.RegisterAsync(_options.Endpoint!.Clone(), Context(cancellationToken)).ConfigureAwait(false);
    }

    public async Task UnregisterAsync(NetworkServiceEndpoint? registered, CancellationToken cancellationToken) =>
        await _endpoints.UnregisterAsync(registered ?? _options.Endpoint!.Clone(), Context(cancellationToken)).ConfigureAwait(false);

    public ValueTask DisposeAsync() => CloseAsync();

    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _endpoints.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private NsmContext Context(CancellationToken cancellationToken) => new(_context.TimeProvider, cancellationToken: cancellationToken);
}
