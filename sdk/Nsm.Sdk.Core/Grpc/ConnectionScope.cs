namespace Nsm.Sdk.Core;

/// <summary>The logging scope that puts the connection id on every log line of a call.</summary>
/// <param name="ConnectionId">The connection id.</param>
public sealed record ConnectionScope(string ConnectionId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <inheritdoc />
    public int Count => 1;

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("ConnectionId", ConnectionId) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => "connection " + ConnectionId;
}
