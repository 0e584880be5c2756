using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// Keeps a program's transport security (its SVID source and that source's logger factory) until the host's services
/// are disposed, after every hosted service has stopped: closing connections at stop still needs the SVID.
/// </summary>
/// <param name="security">The security.</param>
/// <param name="loggerFactory">The logger factory the security logs through.</param>
internal sealed class NsmTransportSecurityOwner(NsmTransportSecurity security, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await security.DisposeAsync().ConfigureAwait(false);
        loggerFactory.Dispose();
    }
}
