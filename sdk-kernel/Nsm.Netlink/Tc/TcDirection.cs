namespace Nsm.Sdk.Kernel.Tc;

/// <summary>The clsact hook a tc filter sits on.</summary>
public enum TcDirection
{
    /// <summary>Frames received by the interface (<c>tc filter add dev X ingress</c>).</summary>
    Ingress,

    /// <summary>Frames sent by the interface (<c>tc filter add dev X egress</c>).</summary>
    Egress,
}
