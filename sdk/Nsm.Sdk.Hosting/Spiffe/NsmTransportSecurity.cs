using Microsoft.Extensions.Logging;
using Nsm.Sdk.Spiffe;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// Chooses a program's transport from its environment: <c>SPIFFE_ENDPOINT_SOCKET</c> set → mTLS with the SVIDs of that
/// Workload API; plaintext only with the explicit opt-in <c>NSM_INSECURE=true</c> (logged as a warning); neither → a
/// configuration error.
/// </summary>
public sealed partial class NsmTransportSecurity : IAsyncDisposable
{
    /// <summary>The opt-in variable for plaintext gRPC.</summary>
    public const string InsecureVariable = "NSM_INSECURE";

    private readonly WorkloadX509Source? _source;

    private NsmTransportSecurity(NsmTransportCredentials credentials, WorkloadX509Source? source)
    {
        Credentials = credentials;
        _source = source;
    }

    /// <summary>Gets the chosen credentials (for <c>NsmBuilder.UseTransportCredentials</c>).</summary>
    public NsmTransportCredentials Credentials { get; }

    /// <summary>Gets the X.509 source when secure (also the token generator's <see cref="Nsm.Sdk.Tokens.IIdentityProvider"/>), else <see langword="null"/>.</summary>
    public IX509Source? Source => _source;

    /// <summary>Chooses the transport; when secure, waits for the first SVID.</summary>
    /// <param name="environment">Where the variables are read.</param>
    /// <param name="clock">The clock of certificate checks and reconnects.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="cancellationToken">Cancels the wait for the first SVID.</param>
    /// <returns>The choice; dispose it when the program stops.</returns>
    /// <exception cref="NsmConfigurationException">Neither variable is set, or one is malformed.</exception>
    public static async Task<NsmTransportSecurity> FromEnvironmentAsync(
        NsmEnvironment environment, TimeProvider clock, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<NsmTransportSecurity>();
        var socket = environment.GetRaw(WorkloadApiAddress.SocketVariable);
        if (string.IsNullOrWhiteSpace(socket))
        {
            if (!environment.GetBool(InsecureVariable, false))
            {
                throw new NsmConfigurationException(
                    $"{WorkloadApiAddress.SocketVariable} is not set: set it to the SPIFFE Workload API socket, or {InsecureVariable}=true for plaintext gRPC");
            }

            LogInsecure(logger);
            return new NsmTransportSecurity(NsmTransportCredentials.Plaintext, null);
        }

        Uri address;
        try
        {
            address = WorkloadApiAddress.Parse(socket);
        }
        catch (FormatException e)
        {
            throw new NsmConfigurationException(e.Message);
        }

        var source = await WorkloadX509Source.StartAsync(
            new WorkloadX509SourceOptions { Address = address }, clock, loggerFactory.CreateLogger<WorkloadX509Source>(), cancellationToken).ConfigureAwait(false);
        LogSecure(logger, source.Svid.Id, address);
        return new NsmTransportSecurity(new SpiffeTransportCredentials(source, clock, logger: loggerFactory.CreateLogger<SpiffeTransportCredentials>()), source);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2530, Level = LogLevel.Warning, Message = "NSM_INSECURE=true: gRPC runs in PLAINTEXT, peers are NOT authenticated and tokens carry no audience. Set SPIFFE_ENDPOINT_SOCKET for mTLS.")]
    private static partial void LogInsecure(ILogger logger);

    [LoggerMessage(EventId = 2531, Level = LogLevel.Information, Message = "mTLS on as {Id} (SVIDs from {Address})")]
    private static partial void LogSecure(ILogger logger, Nsm.Sdk.Tokens.SpiffeId id, Uri address);
}
