namespace Nsm.Vpp.Messages;

/// <summary>A reply that carries VPP's <c>retval</c> (0 = success, negative = a <c>VNET_API_ERROR_*</c>).</summary>
public interface IVppReply
{
    /// <summary>Gets VPP's return value.</summary>
    int Retval { get; }
}
