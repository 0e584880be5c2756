using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Tc;

/// <summary>The synchronous tc requests (clsact qdisc, cls_bpf filter) behind <see cref="NetlinkHandle"/>.</summary>
internal static class TcOps
{
    private const uint ClsactParent = 0xFFFFFFF1; // TC_H_CLSACT
    private const uint ClsactHandle = 0xFFFF0000; // TC_H_MAKE(TC_H_CLSACT, 0)
    private const ushort TCA_KIND = 1;
    private const ushort TCA_OPTIONS = 2;
    private const ushort TCA_BPF_FD = 6;
    private const ushort TCA_BPF_NAME = 7;
    private const ushort TCA_BPF_FLAGS = 8;
    private const uint TCA_BPF_FLAG_ACT_DIRECT = 1;
    private const ushort EthPAllBigEndian = 0x0300; // htons(ETH_P_ALL)

    public static void AddClsact(NetlinkSocket s, string link)
    {
        var w = Begin(stackalloc byte[128], Nl.RTM_NEWQDISC, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, LinkOps.ResolveIndex(s, link), ClsactHandle, ClsactParent, 0);
        w.String(TCA_KIND, "clsact");
        s.Execute(ref w, "add clsact qdisc", link);
    }

    public static void DeleteClsact(NetlinkSocket s, string link)
    {
        var w = Begin(stackalloc byte[128], Nl.RTM_DELQDISC, 0, LinkOps.ResolveIndex(s, link), ClsactHandle, ClsactParent, 0);
        w.String(TCA_KIND, "clsact");
        s.Execute(ref w, "delete clsact qdisc", link);
    }

    public static void AddBpfFilter(NetlinkSocket s, string link, TcDirection direction, ushort priority, int programFd, string name)
    {
        var w = Begin(stackalloc byte[256], Nl.RTM_NEWTFILTER, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, LinkOps.ResolveIndex(s, link), 1, Parent(direction), Info(priority));
        w.String(TCA_KIND, "bpf");
        var options = w.BeginAttr(TCA_OPTIONS);
        w.U32(TCA_BPF_FD, (uint)programFd);
        w.String(TCA_BPF_NAME, name);
        w.U32(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
        w.End(options);
        s.Execute(ref w, $"add bpf filter ({direction})", link);
    }

    public static void DeleteFilter(NetlinkSocket s, string link, TcDirection direction, ushort priority)
    {
        var w = Begin(stackalloc byte[128], Nl.RTM_DELTFILTER, 0, LinkOps.ResolveIndex(s, link), 0, Parent(direction), Info(priority));
        s.Execute(ref w, $"delete filter ({direction})", link);
    }

    private static NetlinkWriter Begin(Span<byte> buffer, ushort type, ushort flags, int index, uint handle, uint parent, uint info)
    {
        var w = new NetlinkWriter(buffer, type, (ushort)(Nl.NLM_F_ACK | flags));
        w.Struct(new TcMsg { Index = index, Handle = handle, Parent = parent, Info = info });
        return w;
    }

    private static uint Parent(TcDirection direction) => direction == TcDirection.Ingress ? 0xFFFFFFF2u : 0xFFFFFFF3u;

    private static uint Info(ushort priority) => ((uint)priority << 16) | EthPAllBigEndian;
}
