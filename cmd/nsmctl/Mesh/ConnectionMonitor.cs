using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Mesh;

/// <summary>Reads nsmgr's connections through its MonitorConnection stream (the first event: the initial state).</summary>
internal static class ConnectionMonitor
{
    public static async Task<List<Connection>> ListAsync(string nsmgrSocket, MeshClientIdentity? identity, TimeSpan timeout, CancellationToken ct)
    {
        if (!File.Exists(nsmgrSocket))
        {
            throw new Manifests.ManifestException($"error: nsmgr does not serve on {nsmgrSocket} (is the node up?)");
        }

        using var channel = MeshClientIdentity.Channel(identity, nsmgrSocket);
        var client = new MonitorConnection.MonitorConnectionClient(channel);
        using var expiry = new CancellationTokenSource(timeout, TimeProvider.System);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, expiry.Token);
        try
        {
            using var call = client.MonitorConnections(new MonitorScopeSelector(), cancellationToken: cts.Token);
            if (await call.ResponseStream.MoveNext(cts.Token))
            {
                return call.ResponseStream.Current.Connections.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            }
        }
        catch (RpcException ex)
        {
            throw new Manifests.ManifestException($"error: nsmgr's monitor stream failed: {ex.Status.StatusCode} {ex.Status.Detail}");
        }

        return [];
    }
}
