using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.PerConnection;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Vlan;

/// <summary>
/// Allocates a VLAN id for a KERNEL mechanism whose client <c>supportsVlan</c> and that has no <c>vlan</c> yet:
/// the lowest free id of the range (default 1..4094). Fails with ResourceExhausted
/// "vlan id not available for allocation" when the range is used up.
/// </summary>
/// <remarks>
/// The id is owned by the connection id: a refresh keeps it, a failed first Request and Close free it. A Request
/// that already carries a VLAN id is passed through untouched.
/// </remarks>
public sealed class KernelVlanServer : INetworkServiceServer, IPerConnectionResource
{
    private readonly Lock _lock = new();
    private readonly bool[] _used = new bool[4095];
    private readonly Dictionary<string, ushort> _owners = new(StringComparer.Ordinal);
    private readonly KernelVlanServerOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">Options; defaults when null.</param>
    public KernelVlanServer(KernelVlanServerOptions? options = null)
    {
        _options = options ?? new KernelVlanServerOptions();
        _options.Validate();
    }

    /// <summary>Gets the number of VLAN ids currently allocated (for leak checks).</summary>
    public int Allocated
    {
        get
        {
            lock (_lock)
            {
                return _owners.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (KernelMechanism.ToMechanism(request.Connection?.Mechanism) is not { SupportsVlan: true, VlanId: 0 } kernel)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var id = request.Connection!.Id;
        var (vlan, isNew) = Allocate(id);
        kernel.VlanId = vlan;
        return await PerConnectionResource.RequestAsync(this, id, isNew, request, context, next).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        PerConnectionResource.CloseAsync(this, connection, context, next);

    private (ushort Vlan, bool IsNew) Allocate(string connectionId)
    {
        lock (_lock)
        {
            if (_owners.TryGetValue(connectionId, out var owned))
            {
                return (owned, false);
            }

            for (var vlan = _options.MinVlanId; vlan <= _options.MaxVlanId; vlan++)
            {
                if (!_used[vlan])
                {
                    _used[vlan] = true;
                    _owners[connectionId] = vlan;
                    return (vlan, true);
                }
            }
        }

        throw new NsmStatusException(StatusCode.ResourceExhausted, "vlan id not available for allocation");
    }

    /// <inheritdoc />
    void IPerConnectionResource.Free(string connectionId)
    {
        lock (_lock)
        {
            if (_owners.Remove(connectionId, out var vlan))
            {
                _used[vlan] = false;
            }
        }
    }
}
