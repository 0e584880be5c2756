namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>rx_mode</c>; on the wire a u32.</summary>
public enum RxMode : uint
{
    /// <summary><c>RX_MODE_API_UNKNOWN</c>.</summary>
    Unknown = 0,

    /// <summary><c>RX_MODE_API_POLLING</c>.</summary>
    Polling = 1,

    /// <summary><c>RX_MODE_API_INTERRUPT</c>.</summary>
    Interrupt = 2,

    /// <summary><c>RX_MODE_API_ADAPTIVE</c>.</summary>
    Adaptive = 3,

    /// <summary><c>RX_MODE_API_DEFAULT</c>.</summary>
    Default = 4,
}
