namespace Nsm.Sdk.Core;

/// <summary>
/// Upstream's <c>postpone</c>: an element that works after the rest of the chain succeeded, and then fails or sees
/// its caller cancel, must close what the chain set up; but by then the Request's own context may be cancelled. Capture
/// the Request's budget when it starts; the clean-up Close then runs with a context of its own (the same values, clock
/// and logger), cancelled when that budget is spent.
/// </summary>
public sealed class PostponedClose
{
    /// <summary>The budget of a Request without a deadline: 15 s.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(15);

    private PostponedClose(TimeSpan budget) => Budget = budget;

    /// <summary>Gets the time the clean-up Close may take.</summary>
    public TimeSpan Budget { get; }

    /// <summary>A clean-up Close with a fixed budget, whatever the caller's deadline.</summary>
    /// <param name="budget">The time the Close may take.</param>
    /// <returns>The postponed Close.</returns>
    public static PostponedClose WithBudget(TimeSpan budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        return new PostponedClose(budget);
    }

    /// <summary>Captures the Request's budget: the time left until its deadline, or <see cref="DefaultBudget"/>.</summary>
    /// <param name="context">The Request's context, when the Request starts.</param>
    /// <returns>The captured budget.</returns>
    public static PostponedClose Capture(NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new PostponedClose(context.RemainingTime is { } left && left > TimeSpan.Zero ? left : DefaultBudget);
    }

    /// <summary>Runs <paramref name="close"/> with a context forked from <paramref name="context"/> that the budget bounds.</summary>
    /// <param name="context">The failed Request's context.</param>
    /// <param name="close">The clean-up Close.</param>
    /// <returns>The Close's error, or <see langword="null"/> when it succeeded; it never throws (the Request fails with its own error).</returns>
    public async ValueTask<Exception?> RunAsync(NsmContext context, Func<NsmContext, ValueTask> close)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(close);
        var clock = context.Clock;
        using var cts = new CancellationTokenSource(Budget, clock);
        try
        {
            await close(context.Fork(clock.GetUtcNow() + Budget, cts.Token)).ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // handed to the caller, who logs it and fails with the Request's own error
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
