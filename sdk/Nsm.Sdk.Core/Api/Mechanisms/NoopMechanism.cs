using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The NOOP marker mechanism (no parameters, any class).</summary>
public static class NoopMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "NOOP";

    /// <summary>Creates a NOOP mechanism of class <paramref name="cls"/>.</summary>
    /// <param name="cls">Class, <see cref="Cls.Local"/> by default.</param>
    public static Mechanism New(string cls = Cls.Local) => new() { Cls = cls, Type = MechanismType };

    /// <summary>True when <paramref name="mechanism"/> is a NOOP mechanism.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static bool Is(Mechanism? mechanism) => string.Equals(mechanism?.Type, MechanismType, StringComparison.Ordinal);
}
