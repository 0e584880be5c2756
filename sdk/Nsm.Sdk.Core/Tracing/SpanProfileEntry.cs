namespace Nsm.Sdk.Core;

/// <summary>One span name in a <see cref="SpanProfiler"/> summary.</summary>
/// <param name="Name">The span name (<c>Element/Request</c>, <c>Element/Close</c>).</param>
/// <param name="Count">How many spans ended.</param>
/// <param name="SelfP50Ms">Median time in the element itself, in milliseconds.</param>
/// <param name="SelfMeanMs">Mean time in the element itself.</param>
/// <param name="SelfTotalMs">Sum of the time in the element itself.</param>
/// <param name="TotalP50Ms">Median time of the whole span, the elements it called included.</param>
public sealed record SpanProfileEntry(string Name, int Count, double SelfP50Ms, double SelfMeanMs, double SelfTotalMs, double TotalP50Ms)
{
    internal static SpanProfileEntry From(string name, List<(double Self, double Total)> samples)
    {
        var self = samples.Select(s => s.Self).Order().ToArray();
        var total = samples.Select(s => s.Total).Order().ToArray();
        var sum = self.Sum();
        return new SpanProfileEntry(name, self.Length, Median(self), self.Length == 0 ? 0 : sum / self.Length, sum, Median(total));
    }

    private static double Median(double[] sorted) => sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
}
