using System.Globalization;

namespace Nsm.Sdk.Kernel.Configuration;

/// <summary>Unique temporary interface names (<c>nsmdel-XXXXXXXX</c>, 15 characters) for pairs waiting to be deleted.</summary>
internal static class RetiredNames
{
    /// <summary>The prefix of every temporary name.</summary>
    public const string Prefix = "nsmdel-";

    // A random start keeps two processes (e.g. a forwarder and its restarted self) apart.
    private static uint _next = (uint)Random.Shared.Next();

    /// <summary>Returns the next name.</summary>
    public static string Next() => Prefix + Interlocked.Increment(ref _next).ToString("x8", CultureInfo.InvariantCulture);
}
