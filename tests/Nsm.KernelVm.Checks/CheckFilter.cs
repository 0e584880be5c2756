namespace Nsm.KernelVm.Checks;

/// <summary>Which checks a run selects: all, or those named by <c>--filter NAME</c> (exact, or a prefix ending in <c>*</c>).</summary>
internal static class CheckFilter
{
    public static IEnumerable<KernelCheck> Select(IEnumerable<KernelCheck> checks, IReadOnlyList<string> filters) =>
        filters.Count == 0 ? checks : checks.Where(c => filters.Any(f => Matches(c.Name, f)));

    private static bool Matches(string name, string filter) =>
        filter.EndsWith('*')
            ? name.StartsWith(filter[..^1], StringComparison.Ordinal)
            : string.Equals(name, filter, StringComparison.Ordinal);
}
