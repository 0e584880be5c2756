namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>Read access to the local store behind a <see cref="RegistryMirror{T, TQuery, TResponse}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Find">The records matching a query record (<see langword="null"/>: all).</param>
/// <param name="Get">The record of a name, or <see langword="null"/>.</param>
/// <param name="Count">How many records the store holds.</param>
/// <param name="Owner">The store, disposed with the mirror.</param>
public sealed record RegistryMirrorStore<T>(Func<T?, IReadOnlyList<T>> Find, Func<string, T?> Get, Func<int> Count, IDisposable Owner)
    where T : class;
