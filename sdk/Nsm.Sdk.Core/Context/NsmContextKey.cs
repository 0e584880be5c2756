namespace Nsm.Sdk.Core;

/// <summary>
/// A typed key for a value that one element passes to later elements through <see cref="NsmContext"/>.
/// </summary>
/// <typeparam name="TValue">The type of the value stored under this key.</typeparam>
/// <remarks>Keys compare by reference: declare each key once as a <c>static readonly</c> field.</remarks>
/// <param name="name">A name used in diagnostics only.</param>
public sealed class NsmContextKey<TValue>(string name)
{
    /// <summary>Gets the diagnostic name of the key.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override string ToString() => Name;
}
