using System.Collections.Concurrent;

namespace Nsm.Sdk.Core;

/// <summary>A thread-safe map of typed per-connection values owned by one half (server or client) of a chain.</summary>
public sealed class MetadataMap
{
    private readonly ConcurrentDictionary<object, object?> _values = new(ReferenceEqualityComparer.Instance);

    /// <summary>Gets the number of stored values.</summary>
    public int Count => _values.Count;

    /// <summary>Stores or replaces a value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Store<T>(NsmContextKey<T> key, T value) => _values[key] = value;

    /// <summary>Reads a value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryLoad<T>(NsmContextKey<T> key, out T value)
    {
        if (_values.TryGetValue(key, out var v))
        {
            value = (T)v!;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Reads a value, or stores and returns the one <paramref name="factory"/> makes.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="factory">Makes the value when none is stored.</param>
    /// <returns>The stored value.</returns>
    public T LoadOrStore<T>(NsmContextKey<T> key, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (T)_values.GetOrAdd(key, static (_, f) => f(), factory)!;
    }

    /// <summary>Removes a value and returns it.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value.</param>
    /// <returns><see langword="true"/> when a value was removed.</returns>
    public bool TryLoadAndDelete<T>(NsmContextKey<T> key, out T value)
    {
        if (_values.TryRemove(key, out var v))
        {
            value = (T)v!;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Removes a value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    public void Delete<T>(NsmContextKey<T> key) => _values.TryRemove(key, out _);
}
