namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// The label-subset rule NSM applies to source selectors, destination selectors and forwarder metadata labels.
/// </summary>
public static class LabelSelector
{
    /// <summary>
    /// Answers "is <paramref name="selector"/> a subset of <paramref name="labels"/>", treating selector values as templates.
    /// </summary>
    /// <remarks>
    /// <list type="number">
    /// <item>If <paramref name="labels"/> has fewer entries than <paramref name="selector"/>, the answer is no.</item>
    /// <item>Each selector value is compared literally with the label (an absent label compares as <c>""</c>).</item>
    /// <item>If that fails, the value is rendered with <see cref="LabelTemplate"/> using <paramref name="variables"/>;
    /// a value that does not render is kept literal. The rendered text is compared again.</item>
    /// </list>
    /// </remarks>
    /// <param name="labels">The labels being tested (the superset side). <see langword="null"/> is empty.</param>
    /// <param name="selector">The required labels. <see langword="null"/> or empty always matches.</param>
    /// <param name="variables">The template data, normally the NSC's connection labels.</param>
    /// <returns><see langword="true"/> when every selector entry is satisfied.</returns>
    public static bool IsSubset(
        IReadOnlyDictionary<string, string>? labels,
        IReadOnlyDictionary<string, string>? selector,
        IReadOnlyDictionary<string, string>? variables)
    {
        var selectorCount = selector?.Count ?? 0;
        if (selectorCount == 0)
        {
            return true;
        }

        if ((labels?.Count ?? 0) < selectorCount)
        {
            return false;
        }

        foreach (var (key, expected) in selector!)
        {
            var actual = labels!.TryGetValue(key, out var value) ? value : string.Empty;
            if (string.Equals(actual, expected, StringComparison.Ordinal))
            {
                continue;
            }

            if (!LabelTemplate.HasActions(expected))
            {
                return false; // rendering text without actions yields the same text
            }

            var rendered = LabelTemplate.TryRender(expected, variables, out var text) ? text! : expected;
            if (!string.Equals(actual, rendered, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
