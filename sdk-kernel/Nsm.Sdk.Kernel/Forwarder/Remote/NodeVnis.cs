namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// The VNIs of this node's vxlan devices, one connection each. A kernel vxlan socket (one per underlay namespace and
/// port) tells its devices apart by VNI alone, whatever the peer: two connections with one VNI cannot both exist, and
/// the kernel refuses the second device (EEXIST). The server half allocates only VNIs free here; the client half,
/// given one a remote server chose, claims it here or asks that server for another.
/// </summary>
internal sealed class NodeVnis
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, string> _owners = [];
    private readonly Dictionary<string, uint> _byConnection = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byConnection.Count;
            }
        }
    }

    /// <summary>Whether another connection holds <paramref name="vni"/>.</summary>
    public bool IsTakenByOther(uint vni, string connectionId)
    {
        lock (_lock)
        {
            return _owners.TryGetValue(vni, out var owner) && owner != connectionId;
        }
    }

    /// <summary>Claims <paramref name="vni"/> for the connection (freeing its previous one); false if another connection holds it.</summary>
    public bool TryClaim(uint vni, string connectionId)
    {
        lock (_lock)
        {
            if (_owners.TryGetValue(vni, out var owner))
            {
                return owner == connectionId;
            }

            ReleaseLocked(connectionId);
            _owners[vni] = connectionId;
            _byConnection[connectionId] = vni;
            return true;
        }
    }

    /// <summary>Frees the connection's VNI, if it has one.</summary>
    public void Release(string connectionId)
    {
        lock (_lock)
        {
            ReleaseLocked(connectionId);
        }
    }

    private void ReleaseLocked(string connectionId)
    {
        if (_byConnection.Remove(connectionId, out var vni))
        {
            _owners.Remove(vni);
        }
    }
}
