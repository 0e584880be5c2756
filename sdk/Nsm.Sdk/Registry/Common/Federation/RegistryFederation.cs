using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>
/// The other cluster's registry a cluster reads from (the guide's <c>nsm-config</c> <c>registry.url</c>): where it
/// is now and the clients that reach it, made again when the URL changes. A Find sent there carries the
/// <see cref="Header"/>, and a Find that arrives with it is answered from this cluster only, so two clusters that
/// name each other never ask in circles.
/// </summary>
public sealed class RegistryFederation : IAsyncDisposable
{
    /// <summary>The metadata key a federated Find carries.</summary>
    public const string Header = "nsm-registry-federated";

    private readonly Func<Uri?> _url;
    private readonly Func<Uri, RegistryClientOptions> _options;
    private readonly Lock _gate = new();
    private Uri? _current;
    private EndpointRegistryClient? _endpoints;
    private ServiceRegistryClient? _services;
    private readonly List<IAsyncDisposable> _retired = [];

    /// <summary>Initializes the federation.</summary>
    /// <param name="url">Where the other cluster's registry is now (null: nowhere).</param>
    /// <param name="options">The options of the registry clients for a URL.</param>
    /// <param name="timeout">How long a one-shot Find waits for the other cluster.</param>
    public RegistryFederation(Func<Uri?> url, Func<Uri, RegistryClientOptions> options, TimeSpan timeout)
    {
        _url = url ?? throw new ArgumentNullException(nameof(url));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
    }

    /// <summary>Gets how long a one-shot Find waits for the other cluster.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Reads the URL from a cluster config file (<c>nsm.yaml</c>), checked again whenever the file changes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="logger">Where the file's URL, or its problem, is reported when it changes.</param>
    /// <returns>The URL source.</returns>
    public static Func<Uri?> FromConfigFile(string path, Microsoft.Extensions.Logging.ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(logger);
        var file = new ClusterConfigFile(path, logger);
        return file.RegistryUrl;
    }

    /// <summary>Whether the call in <paramref name="context"/> is a Find another cluster sent here.</summary>
    /// <param name="context">The call's context.</param>
    /// <returns>True for a federated call.</returns>
    public static bool IsFederatedCall(NsmContext context) =>
        context?.GetOrDefault(GrpcCallContextKeys.RequestHeaders)?.Get(Header) is not null;

    /// <summary>The context of a Find sent to the other cluster: the caller's clock, logger and cancellation, the header.</summary>
    internal static NsmContext OutgoingContext(NsmContext context, DateTimeOffset? deadline, CancellationToken ct)
    {
        var outgoing = new NsmContext(context.Clock, context.Logger, deadline, ct);
        outgoing.GetOrAddOutgoingHeaders().Add(new Metadata.Entry(Header, "1"));
        return outgoing;
    }

    /// <summary>The endpoint registry client of the current URL, or null without one.</summary>
    internal (Uri Url, EndpointRegistryClient Client)? Endpoints()
    {
        lock (_gate)
        {
            return Current() is { } url ? (url, _endpoints ??= new EndpointRegistryClient(_options(url))) : null;
        }
    }

    /// <summary>The service registry client of the current URL, or null without one.</summary>
    internal (Uri Url, ServiceRegistryClient Client)? Services()
    {
        lock (_gate)
        {
            return Current() is { } url ? (url, _services ??= new ServiceRegistryClient(_options(url))) : null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> all;
        lock (_gate)
        {
            Retire();
            all = [.. _retired];
            _retired.Clear();
        }

        foreach (var item in all)
        {
            await item.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Uri? Current()
    {
        var url = _url();
        if (url != _current)
        {
            Retire();
            _current = url;
        }

        return url;
    }

    // Clients of an old URL may still serve a watch; they go when the federation does.
    private void Retire()
    {
        if (_endpoints is not null)
        {
            _retired.Add(_endpoints);
        }

        if (_services is not null)
        {
            _retired.Add(_services);
        }

        _endpoints = null;
        _services = null;
    }
}
