using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>The WireGuard UDP ports of this node's connections: the lowest free one from 51820 up for each new connection.</summary>
internal sealed class NodePorts
{
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _used = [];
    private readonly SortedSet<int> _takenElsewhere = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    public int Allocate()
    {
        lock (_lock)
        {
            var port = WireguardMechanism.DefaultPort;
            while (_used.Contains(port) || _takenElsewhere.Contains(port))
            {
                port++;
            }

            if (port > ushort.MaxValue)
            {
                throw new InvalidOperationException("no free WireGuard port on this node");
            }

            _used.Add(port);
            return port;
        }
    }

    /// <summary>Claims <paramref name="port"/> (a port kept from before a restart); false when it is in use.</summary>
    public bool TryClaim(int port)
    {
        lock (_lock)
        {
            return port is > 0 and <= ushort.MaxValue && _used.Add(port);
        }
    }

    /// <summary>
    /// Marks a port this forwarder was given as taken on the node by something else (e.g. a device of an earlier life
    /// of the forwarder): it is freed here and never allocated again.
    /// </summary>
    public void MarkTakenElsewhere(int port)
    {
        lock (_lock)
        {
            _used.Remove(port);
            _takenElsewhere.Add(port);
        }
    }

    public void Release(int port)
    {
        lock (_lock)
        {
            _used.Remove(port);
        }
    }
}
