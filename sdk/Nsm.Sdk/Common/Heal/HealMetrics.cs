using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Heal;

/// <summary>
/// Counts heals by cause (<see cref="NsmMetricNames.Heals"/>, tag <see cref="NsmMetricNames.HealCauseTag"/>) and
/// liveness checks by result (<see cref="NsmMetricNames.LivenessChecks"/>, tag <see cref="NsmMetricNames.LivenessResultTag"/>).
/// </summary>
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

    /// <summary>The liveness check found the data plane alive.</summary>
    public const string Alive = "alive";

    /// <summary>The liveness check found the data plane dead.</summary>
    public const string Dead = "dead";

    /// <summary>The liveness check did not answer within its timeout (counts as dead).</summary>
    public const string Timeout = "timeout";

    /// <summary>The liveness check failed (counts as dead).</summary>
    public const string Error = "error";

    /// <summary>Counts one heal (or a switch to reselect) for <paramref name="cause"/>.</summary>
    /// <param name="cause">One of the constants.</param>
    public static void Started(string cause) =>
        NsmMetrics.Default.Heals.Add(1, new KeyValuePair<string, object?>(NsmMetricNames.HealCauseTag, cause));

    /// <summary>Counts one liveness check with its <paramref name="result"/>.</summary>
    /// <param name="result"><see cref="Alive"/>, <see cref="Dead"/>, <see cref="Timeout"/> or <see cref="Error"/>.</param>
    public static void Checked(string result) =>
        NsmMetrics.Default.LivenessChecks.Add(1, new KeyValuePair<string, object?>(NsmMetricNames.LivenessResultTag, result));
}
