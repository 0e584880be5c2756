using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Heal;

/// <summary>Counts heals by cause (<see cref="NsmMetricNames.Heals"/>, tag <see cref="NsmMetricNames.HealCauseTag"/>).</summary>
internal static class HealMetrics
{
    /// <summary>The control plane was lost while the data plane answers: the same path is restored.</summary>
    public const string Restore = "restore";

    /// <summary>The control plane was lost and there is no liveness check: a new path is selected.</summary>
    public const string Reselect = "reselect";

    /// <summary>The liveness check found the data plane down: a new path is selected.</summary>
    public const string Liveness = "liveness";

    /// <summary>A restore went on being refused by the next hop (<see cref="HealOptions.RestoreTimeout"/>): switched to reselect.</summary>
    public const string RestoreRefused = "restore_refused";

    /// <summary>During a restore the data plane was found down too: switched to reselect.</summary>
    public const string DataPlaneDown = "data_plane_down";

    /// <summary>Counts one heal (or a switch to reselect) for <paramref name="cause"/>.</summary>
    /// <param name="cause">One of the constants.</param>
    public static void Started(string cause) =>
        NsmMetrics.Default.Heals.Add(1, new KeyValuePair<string, object?>(NsmMetricNames.HealCauseTag, cause));
}
