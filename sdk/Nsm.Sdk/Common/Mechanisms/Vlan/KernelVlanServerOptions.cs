namespace Nsm.Sdk.Common.Mechanisms.Vlan;

/// <summary>Options of <see cref="KernelVlanServer"/>.</summary>
public sealed class KernelVlanServerOptions
{
    /// <summary>Gets or sets the lowest VLAN id handed out. Default 1.</summary>
    public ushort MinVlanId { get; set; } = 1;

    /// <summary>Gets or sets the highest VLAN id handed out. Default 4094.</summary>
    public ushort MaxVlanId { get; set; } = 4094;

    /// <summary>Checks the range; called by the element's constructor.</summary>
    internal void Validate()
    {
        if (MinVlanId < 1 || MaxVlanId > 4094 || MinVlanId > MaxVlanId)
        {
            throw new ArgumentException($"VLAN range must be within 1..4094 and non-empty, got {MinVlanId}..{MaxVlanId}");
        }
    }
}
