using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>Adds or deletes a route (<c>ip_route_add_del</c>).</summary>
public sealed class IpRouteAddDel : IVppMessage<IpRouteAddDel>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_route_add_del";

    /// <inheritdoc/>
    public static string MessageCrc => "b8ecfe0d";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets whether paths are added to (or removed from) an existing route.</summary>
    public bool IsMultipath { get; set; }

    /// <summary>Gets or sets the route.</summary>
    public IpRoute Route { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        writer.Bool(IsMultipath);
        Route.Write(writer);
    }

    /// <inheritdoc/>
    public static IpRouteAddDel DecodeFields(ref VppReader reader)
    {
        var message = new IpRouteAddDel();
        message.IsAdd = reader.Bool();
        message.IsMultipath = reader.Bool();
        message.Route = IpRoute.Read(ref reader);
        return message;
    }
}
