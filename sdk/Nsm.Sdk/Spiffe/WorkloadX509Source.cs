using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.Spiffe;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>
/// The Workload API client (go-spiffe's <c>workloadapi.X509Source</c>): streams <c>FetchX509SVID</c> with the
/// <c>workload.spiffe.io</c> header, keeps the first SVID of the latest response and its bundles (own trust domain and
/// federated ones), raises <see cref="Updated"/> on each response and reconnects with backoff when the stream breaks.
/// </summary>
public sealed partial class WorkloadX509Source : IX509Source, IAsyncDisposable
{
    private readonly WorkloadX509SourceOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<InMemoryX509Source> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InMemoryX509Source? _current;
    private Task _loop = Task.CompletedTask;

    private WorkloadX509Source(WorkloadX509SourceOptions options, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    public event EventHandler? Updated;

    /// <inheritdoc />
    public X509Svid Svid => Current.Svid;

    /// <inheritdoc />
    public X509BundleSet Bundles => Current.Bundles;

    /// <summary>Gets how many responses have been applied (the first one included).</summary>
    public int Updates { get; private set; }

    private InMemoryX509Source Current => _current ?? throw new InvalidOperationException("no X.509-SVID received yet");

    /// <summary>Connects and returns once the first SVID arrived.</summary>
    /// <param name="options">The options.</param>
    /// <param name="clock">The clock of the reconnect backoff.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the first SVID.</param>
    /// <returns>The running source; dispose it to stop streaming.</returns>
    public static async Task<WorkloadX509Source> StartAsync(
        WorkloadX509SourceOptions options, TimeProvider clock, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        var source = new WorkloadX509Source(options, clock, logger ?? NullLogger.Instance);
        source._loop = source.RunAsync(source._stop.Token);
        try
        {
            await source._first.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return source;
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public NsmIdentity GetIdentity() => Current.GetIdentity();

    /// <inheritdoc />
    public NsmIdentity GetIdentity(System.Security.Cryptography.X509Certificates.X509Certificate2? presented) => Current.GetIdentity(presented);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _current?.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = _options.InitialBackoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var channel = NsmGrpcChannels.Create(_options.Address);
                var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
                var headers = new Metadata { { WorkloadApiHeaders.SecurityHeaderKey, WorkloadApiHeaders.SecurityHeaderValue } };
                using var call = client.FetchX509SVID(new X509SVIDRequest(), headers, cancellationToken: stop);
                await foreach (var response in call.ResponseStream.ReadAllAsync(stop).ConfigureAwait(false))
                {
                    Apply(response);
                    backoff = _options.InitialBackoff;
                }

                LogStreamEnded(_logger, _options.Address, backoff);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (stop.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or FormatException or IOException or System.Net.Http.HttpRequestException)
            {
                LogStreamFailed(_logger, _options.Address, backoff, e.Message);
            }

            try
            {
                await Task.Delay(backoff, _clock, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = backoff * 2 > _options.MaxBackoff ? _options.MaxBackoff : backoff * 2;
        }
    }

    private void Apply(X509SVIDResponse response)
    {
        if (response.Svids.Count == 0)
        {
            throw new FormatException("the Workload API answered with no X.509-SVID");
        }

        var first = response.Svids[0];
        var svid = X509Svid.Parse(first.SpiffeId, first.X509Svid.Span, first.X509SvidKey.Span, first.Hint);
        var bundles = new Dictionary<string, System.Security.Cryptography.X509Certificates.X509Certificate2Collection>(StringComparer.Ordinal)
        {
            [svid.Id.TrustDomain] = DerCertificates.Read(first.Bundle.Span),
        };
        foreach (var (key, der) in response.FederatedBundles)
        {
            bundles[X509BundleSet.TrustDomainOf(key)] = DerCertificates.Read(der.Span);
        }

        var set = new X509BundleSet(bundles);
        if (_current is null)
        {
            _current = new InMemoryX509Source(svid, set);
        }
        else
        {
            _current.Set(svid, set);
        }

        Updates++;
        LogUpdated(_logger, svid.Id, svid.NotAfter);
        _first.TrySetResult(_current);
        Updated?.Invoke(this, EventArgs.Empty);
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "X.509-SVID {Id} received from the Workload API, valid until {NotAfter:O}")]
    private static partial void LogUpdated(ILogger logger, SpiffeId id, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "the Workload API stream at {Address} failed, reconnecting in {Backoff}: {Error}")]
    private static partial void LogStreamFailed(ILogger logger, Uri address, TimeSpan backoff, string error);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "the Workload API stream at {Address} ended, reconnecting in {Backoff}")]
    private static partial void LogStreamEnded(ILogger logger, Uri address, TimeSpan backoff);
}
