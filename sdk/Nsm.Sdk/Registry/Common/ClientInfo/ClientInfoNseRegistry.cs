using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.ClientInfo;

/// <summary>
/// Adds this node's identity to every existing <c>network_service_labels</c> entry of a registered NSE:
/// <c>nodeName</c>, <c>podName</c> and <c>clusterName</c> from the <c>NODE_NAME</c>, <c>POD_NAME</c> and
/// <c>CLUSTER_NAME</c> environment variables. Labels already present are kept; unset variables are skipped.
/// </summary>
/// <remarks>Chain placement: nsmgr's NSE server chain after begin, or an NSE's client chain as additional functionality.</remarks>
/// <param name="getEnvironmentVariable">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when <see langword="null"/>.</param>
public sealed class ClientInfoNseRegistry(Func<string, string?>? getEnvironmentVariable = null) : INetworkServiceEndpointRegistryServer, INetworkServiceEndpointRegistryClient
{
    private static readonly (string Label, string Variable)[] Names = [("nodeName", "NODE_NAME"), ("podName", "POD_NAME"), ("clusterName", "CLUSTER_NAME")];
    private readonly Func<string, string?> _env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <inheritdoc />
    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (item.NetworkServiceLabels.Count > 0)
        {
            item = item.Clone();
            foreach (var (service, labels) in item.NetworkServiceLabels)
            {
                foreach (var (label, variable) in Names)
                {
                    if (_env(variable) is not { Length: > 0 } value)
                    {
                        continue;
                    }

                    if (!labels.Labels.TryAdd(label, value) && labels.Labels[label] != value)
                    {
                        RegistryCommonLog.ClientInfoLabelKept(context.Logger, label, service);
                    }
                }
            }
        }

        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }
}
