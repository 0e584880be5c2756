using System.Runtime.CompilerServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The synchronous link requests behind <see cref="NetlinkHandle"/>.</summary>
internal static class LinkOps
{
    private const int BufferSize = 1024;

    public static void Add(NetlinkSocket s, LinkSpec spec)
    {
        var refs = spec.Namespaces.ToArray();
        foreach (var ns in refs)
        {
            ns.AddRef();
        }

        try
        {
            Span<byte> buf = stackalloc byte[BufferSize];
            var w = new NetlinkWriter(buf, Nl.RTM_NEWLINK, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL);
            var up = spec.Up ? Ifla.IFF_UP : 0u;
            w.Struct(new IfInfoMsg { Flags = up, Change = up });
            LinkSpec.WriteCommon(ref w, spec.Name, spec.Mtu, spec.Mac, spec.MasterIndex, spec.Namespace);
            spec.WriteLinkAttributes(ref w);
            var info = w.BeginAttr(Ifla.LINKINFO);
            w.String(Ifla.INFO_KIND, spec.Kind);
            var data = w.BeginAttr(Ifla.INFO_DATA);
            spec.WriteInfoData(ref w);
            w.End(data);
            w.End(info);
            s.Execute(ref w, "RTM_NEWLINK " + spec.Kind, spec.Name);
        }
        finally
        {
            foreach (var ns in refs)
            {
                ns.Release();
            }
        }
    }

    public static LinkInfo? Get(NetlinkSocket s, string? name, int index, bool throwIfMissing)
    {
        Span<byte> buf = stackalloc byte[256];
        var w = new NetlinkWriter(buf, Nl.RTM_GETLINK, Nl.NLM_F_ACK);
        w.Struct(new IfInfoMsg { Index = name is null ? index : 0 });
        if (name is not null)
        {
            w.String(Ifla.IFNAME, name);
        }

        w.U32(Ifla.EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
        var box = new StrongBox<LinkInfo?>();
        try
        {
            s.Query(ref w, "RTM_GETLINK", name ?? $"index {index}", box, static (type, payload, b) =>
            {
                if (type == Nl.RTM_NEWLINK)
                {
                    b.Value = LinkInfo.Decode(payload);
                }
            });
        }
        catch (NetlinkException e) when (!throwIfMissing && e.IsNotFound)
        {
            return null;
        }

        return box.Value;
    }

    public static int ResolveIndex(NetlinkSocket s, string name) => Get(s, name, 0, throwIfMissing: true)!.Index;

    public static List<LinkInfo> List(NetlinkSocket s)
    {
        Span<byte> buf = stackalloc byte[64];
        var w = new NetlinkWriter(buf, Nl.RTM_GETLINK, Nl.NLM_F_DUMP);
        w.Struct(default(IfInfoMsg));
        w.U32(Ifla.EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
        var list = new List<LinkInfo>();
        s.Query(ref w, "RTM_GETLINK dump", string.Empty, list, static (type, payload, l) =>
        {
            if (type == Nl.RTM_NEWLINK)
            {
                l.Add(LinkInfo.Decode(payload));
            }
        });
        return list;
    }

    public static bool Delete(NetlinkSocket s, string name, bool ignoreMissing)
    {
        Span<byte> buf = stackalloc byte[128];
        var w = new NetlinkWriter(buf, Nl.RTM_DELLINK, Nl.NLM_F_ACK);
        w.Struct(default(IfInfoMsg));
        w.String(Ifla.IFNAME, name);
        try
        {
            s.Execute(ref w, "RTM_DELLINK", name);
            return true;
        }
        catch (NetlinkException e) when (ignoreMissing && e.IsNotFound)
        {
            return false;
        }
    }

    public static void Set(NetlinkSocket s, string name, in LinkChange change)
    {
        // A rename needs the index; everything else can address the link by name.
        var index = change.NewName is null ? 0 : ResolveIndex(s, name);
        change.Namespace?.AddRef();
        try
        {
            Span<byte> buf = stackalloc byte[256];
            var w = new NetlinkWriter(buf, Nl.RTM_NEWLINK, Nl.NLM_F_ACK);
            var flags = change.Up == true ? Ifla.IFF_UP : 0u;
            w.Struct(new IfInfoMsg { Index = index, Flags = flags, Change = change.Up is null ? 0u : Ifla.IFF_UP });
            w.String(Ifla.IFNAME, change.NewName ?? name);
            WriteChange(ref w, change);
            s.Execute(ref w, change.Operation, change.NewName is null ? name : $"{name} -> {change.NewName}");
        }
        finally
        {
            change.Namespace?.Release();
        }
    }

    private static void WriteChange(ref NetlinkWriter w, in LinkChange c)
    {
        if (c.Mtu is { } mtu)
        {
            w.U32(Ifla.MTU, (uint)mtu);
        }

        if (c.Master is { } master)
        {
            w.U32(Ifla.MASTER, (uint)master);
        }

        if (c.Alias is not null)
        {
            w.String(Ifla.IFALIAS, c.Alias);
        }

        if (c.Mac is not null)
        {
            w.Attr(Ifla.ADDRESS, c.Mac.GetAddressBytes());
        }

        if (c.Namespace is not null)
        {
            w.U32(Ifla.NET_NS_FD, (uint)c.Namespace.Fd);
        }
    }
}
