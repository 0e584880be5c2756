using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.FilterMechanisms;

/// <summary>
/// Keeps only the preferences the next hop can use, judged by the scheme of <see cref="NsmContext.ClientUrl"/>:
/// <c>unix</c> or <c>inode</c> (same node) keeps LOCAL preferences; anything else (including no URL) keeps REMOTE.
/// </summary>
/// <remarks>Placement: in the client chain after the elements that add preferences and after the client URL is set.</remarks>
public sealed class FilterMechanismsClient : INetworkServiceClient
{
    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var keep = context.ClientUrl?.Scheme is "unix" or "inode" ? Cls.Local : Cls.Remote;
        var preferences = request.MechanismPreferences;
        for (var i = preferences.Count - 1; i >= 0; i--)
        {
            if (!string.Equals(preferences[i].Cls, keep, StringComparison.Ordinal))
            {
                preferences.RemoveAt(i);
            }
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
