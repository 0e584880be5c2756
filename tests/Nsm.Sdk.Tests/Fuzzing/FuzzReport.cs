using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>What one fuzz run of one method saw: answers by status (malformed and well-formed inputs apart) and the violations.</summary>
internal sealed class FuzzReport(string method)
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentQueue<string> _violations = new();

    public string Method { get; } = method;

    public int Calls => _counts.Values.Sum();

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public void Count(bool wellFormed, string outcome) => _counts.AddOrUpdate((wellFormed ? "ok-bytes " : "malformed ") + outcome, 1, (_, n) => n + 1);

    public void Violation(string what, byte[] input)
    {
        if (_violations.Count < 20)
        {
            _violations.Enqueue($"{Method}: {what} (input {input.Length} bytes: {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 96)))})");
        }
    }

    public override string ToString() =>
        $"{Method}: {Calls} calls, " + string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value.ToString(CultureInfo.InvariantCulture)))
        + (_violations.IsEmpty ? string.Empty : $", {_violations.Count} violations");

    /// <summary>The outcome's name in the counts.</summary>
    public static string Name(StatusCode code) => code.ToString();
}
