using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nsm.Sdk.Core;

/// <summary>The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
public static class NsmDiagnostics
{
    /// <summary>The name of the activity source and meter: <c>Nsm.Sdk</c>.</summary>
    public const string Name = "Nsm.Sdk";

    /// <summary>Gets the activity source every element's span starts from.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Gets the meter for SDK metrics.</summary>
    public static Meter Meter { get; } = new(Name);
}
