namespace Nsm.Sdk.Registry.Memory;

/// <summary>One item of a store's watch stream.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Record">A private copy of the record; for a deletion, the last stored record.</param>
/// <param name="Deleted"><see langword="true"/> when the record was deleted or expired.</param>
public readonly record struct RegistryEvent<T>(T Record, bool Deleted)
    where T : class;
