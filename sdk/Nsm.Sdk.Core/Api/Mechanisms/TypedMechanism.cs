using Google.Protobuf.Collections;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Base of the typed wrappers: a view over a <see cref="Nsm.Api.NetworkService.Mechanism"/> and its parameters.</summary>
public abstract class TypedMechanism
{
    /// <summary>Wraps <paramref name="mechanism"/> without copying it; setters write through.</summary>
    /// <param name="mechanism">The mechanism.</param>
    protected TypedMechanism(Mechanism mechanism)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        Mechanism = mechanism;
    }

    /// <summary>The wrapped mechanism.</summary>
    public Mechanism Mechanism { get; }

    /// <summary>The parameter map of the wrapped mechanism.</summary>
    public MapField<string, string> Parameters => Mechanism.Parameters;

    /// <summary>Reads a parameter, returning the empty string when absent.</summary>
    /// <param name="key">Parameter key.</param>
    protected string Get(string key) => Parameters.TryGetValue(key, out var value) ? value : string.Empty;

    /// <summary>Writes a parameter.</summary>
    /// <param name="key">Parameter key.</param>
    /// <param name="value">Value.</param>
    protected void Set(string key, string value) => Parameters[key] = value;

    /// <summary>Creates a mechanism of the given class and type with the given parameters.</summary>
    /// <param name="cls">Class (<see cref="Cls"/>).</param>
    /// <param name="type">Mechanism type string.</param>
    /// <param name="parameters">Initial parameters.</param>
    protected static Mechanism Create(string cls, string type, params ReadOnlySpan<(string Key, string Value)> parameters)
    {
        var mechanism = new Mechanism { Cls = cls, Type = type };
        foreach (var (key, value) in parameters)
        {
            mechanism.Parameters[key] = value;
        }

        return mechanism;
    }

    /// <summary>True when <paramref name="mechanism"/> is non-null and has type <paramref name="type"/>.</summary>
    /// <param name="mechanism">The mechanism.</param>
    /// <param name="type">Expected type string.</param>
    protected static bool IsType(Mechanism? mechanism, string type) =>
        mechanism is not null && string.Equals(mechanism.Type, type, StringComparison.Ordinal);
}
