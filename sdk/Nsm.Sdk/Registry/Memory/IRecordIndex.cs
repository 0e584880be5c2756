namespace Nsm.Sdk.Registry.Memory;

/// <summary>A secondary index a <see cref="RecordStore{T}"/> maintains under its lock.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal interface IRecordIndex<T>
    where T : class
{
    /// <summary>Replaces <paramref name="previous"/> with <paramref name="current"/>; either may be absent.</summary>
    void Update(T? previous, T? current);

    /// <summary>A superset of the records matching <paramref name="query"/>, or <see langword="null"/> for a full scan.</summary>
    IEnumerable<T>? Candidates(T query);
}
