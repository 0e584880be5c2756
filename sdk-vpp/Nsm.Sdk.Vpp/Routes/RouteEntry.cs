using System.Net;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Routes;

/// <summary>One route an element added: the (masked) prefix and the next hop, if any.</summary>
/// <param name="Prefix">The destination network.</param>
/// <param name="NextHop">The gateway, or null for a route straight through the interface.</param>
internal sealed record RouteEntry(VppPrefix Prefix, IPAddress? NextHop);
