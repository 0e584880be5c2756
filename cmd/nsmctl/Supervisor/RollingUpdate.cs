using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// A Deployment's replacement of its pods when its template changes, one reconcile pass at a time, as Kubernetes'
/// RollingUpdate strategy does it: at most <c>replicas + maxSurge</c> pods exist, and an old pod that is Ready is
/// deleted only while at least <c>replicas - maxUnavailable</c> Ready pods stay (defaults 25% each, surge rounded up and
/// unavailable down: for one replica a new pod is Ready before the old one goes). Old pods that are not Ready go at
/// once. <c>strategy.type: Recreate</c> deletes every old pod before making new ones.
/// </summary>
internal static class RollingUpdate
{
    /// <summary>The pods to make and to delete in this pass.</summary>
    /// <param name="desired">spec.replicas.</param>
    /// <param name="current">The pods of the current template (not being deleted).</param>
    /// <param name="old">The pods of earlier templates (not being deleted).</param>
    /// <param name="strategy">spec.strategy, or null.</param>
    public static (int Create, List<PodInstance> Delete) Step(int desired, IReadOnlyList<PodInstance> current, IReadOnlyList<PodInstance> old, JsonObject? strategy)
    {
        var delete = new List<PodInstance>();

        // More pods of the current template than wanted (replicas lowered): the not Ready and newest go first.
        delete.AddRange(current.OrderBy(p => p.Ready).ThenByDescending(p => p.Created).Take(Math.Max(0, current.Count - desired)));
        var kept = current.Count - delete.Count;
        if (Json.String(strategy?["type"]) == "Recreate")
        {
            delete.AddRange(old);
            return (old.Count == 0 ? Math.Max(0, desired - kept) : 0, delete);
        }

        var (surge, unavailable) = Limits(strategy?["rollingUpdate"] as JsonObject, desired);
        var create = Math.Max(0, Math.Min(desired - kept, desired + surge - kept - old.Count));
        delete.AddRange(old.Where(p => !p.Ready));
        var available = current.Except(delete).Count(p => p.Ready) + old.Count(p => p.Ready);
        foreach (var pod in old.Where(p => p.Ready).OrderBy(p => p.Created))
        {
            if (available - 1 < desired - unavailable)
            {
                break;
            }

            delete.Add(pod);
            available--;
        }

        return (create, delete);
    }

    /// <summary>maxSurge and maxUnavailable as pod counts (a number or a percentage of replicas); never both 0.</summary>
    public static (int Surge, int Unavailable) Limits(JsonObject? rollingUpdate, int desired)
    {
        var surge = Count(rollingUpdate?["maxSurge"], desired, roundUp: true) ?? (int)Math.Ceiling(desired * 0.25);
        var unavailable = Count(rollingUpdate?["maxUnavailable"], desired, roundUp: false) ?? (int)Math.Floor(desired * 0.25);
        return surge == 0 && unavailable == 0 ? (1, 0) : (surge, unavailable);
    }

    /// <summary>A count or percentage (<c>1</c>, <c>"25%"</c>); null when absent or malformed (apply rejects those).</summary>
    public static int? Count(JsonNode? value, int desired, bool roundUp)
    {
        if (Json.Int(value) is { } n)
        {
            return n >= 0 ? n : null;
        }

        if (Json.String(value) is [.. var digits, '%'] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100)
        {
            var exact = desired * percent / 100.0;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return null;
    }
}
