namespace Nsm.KernelVm.Checks;

/// <summary>The checks' assertions: each throws <see cref="CheckFailedException"/> with a message saying what was wrong.</summary>
internal static class Expect
{
    public static void True(bool condition, string message)
    {
        if (!condition)
        {
            throw new CheckFailedException(message);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckFailedException($"{what}: expected {expected}, got {actual}");
        }
    }
}
