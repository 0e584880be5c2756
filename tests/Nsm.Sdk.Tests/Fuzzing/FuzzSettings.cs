using System.Globalization;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// How much to fuzz: bounded for CI (the whole fuzz run stays under two minutes on two cores); the bench's
/// <c>--only fuzz</c> sets <c>NSM_FUZZ_ITERATIONS</c> (and optionally <c>NSM_FUZZ_SEED</c>) for a longer run.
/// </summary>
internal sealed record FuzzSettings
{
    /// <summary>Gets the inputs per method (mutations of the seeds, with every tenth a random message).</summary>
    public int Iterations { get; init; } = 1200;

    /// <summary>Gets the seed of the deterministic mutations.</summary>
    public int Seed { get; init; } = 16;

    /// <summary>Gets the calls in flight at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Gets each unary call's deadline: a call still unanswered then is a hang.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long a streaming call may stay silent before it counts as an accepted open stream and is cancelled.</summary>
    public TimeSpan StreamWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets the longest a method is fuzzed; the inputs left are skipped (and reported).</summary>
    public TimeSpan MethodBudget { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Gets the settings from <c>NSM_FUZZ_ITERATIONS</c>, <c>NSM_FUZZ_SEED</c> and <c>NSM_FUZZ_BUDGET_SECONDS</c> when set.</summary>
    public static FuzzSettings FromEnvironment()
    {
        var settings = new FuzzSettings();
        if (Environment.GetEnvironmentVariable("NSM_FUZZ_ITERATIONS") is { Length: > 0 } n)
        {
            settings = settings with { Iterations = int.Parse(n, CultureInfo.InvariantCulture), MethodBudget = TimeSpan.FromMinutes(10) };
        }

        if (Environment.GetEnvironmentVariable("NSM_FUZZ_SEED") is { Length: > 0 } s)
        {
            settings = settings with { Seed = int.Parse(s, CultureInfo.InvariantCulture) };
        }

        if (Environment.GetEnvironmentVariable("NSM_FUZZ_BUDGET_SECONDS") is { Length: > 0 } b)
        {
            settings = settings with { MethodBudget = TimeSpan.FromSeconds(int.Parse(b, CultureInfo.InvariantCulture)) };
        }

        return settings;
    }
}
