using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.MechanismPriority;

/// <summary>
/// Reorders <c>mechanism_preferences</c>: types named in the priority list (case-insensitive) come first, in list
/// order; the others keep their relative order after them. The sort is stable.
/// </summary>
public sealed class MechanismPriorityClient : INetworkServiceClient
{
    private readonly Dictionary<string, int> _rank;

    /// <summary>Initializes the element.</summary>
    /// <param name="priorities">Mechanism types, most preferred first (e.g. <c>"KERNEL", "VXLAN"</c>).</param>
    public MechanismPriorityClient(params IEnumerable<string> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        _rank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in priorities)
        {
            _rank.TryAdd(type, _rank.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (_rank.Count > 0 && request.MechanismPreferences.Count > 1)
        {
            var sorted = request.MechanismPreferences
                .OrderBy(m => _rank.TryGetValue(m.Type, out var r) ? r : int.MaxValue)
                .ToList();
            request.MechanismPreferences.Clear();
            request.MechanismPreferences.AddRange(sorted);
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
