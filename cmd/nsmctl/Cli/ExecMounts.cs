using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// How <c>nsmctl exec</c> starts the host's command in a pod: in the pod's network namespace (<c>ip netns exec</c>)
/// and, when the container mounts volumes that are elsewhere on this machine (a ConfigMap's files in the pod's state
/// folder), in a private mount namespace where they are bind-mounted at their mountPaths. A mountPath that does not
/// exist on the host gets its mount point inside an overlay of its nearest existing parent, made in that namespace
/// only: the host's folders (its /etc) are never changed. A mount that cannot be made is reported and skipped.
/// </summary>
internal static class ExecMounts
{
    // $1 scratch folder, $2 number of mounts, then source/target pairs, then "--" and the command.
    private const string Script = """
        scratch=$1; n=$2; shift 2
        if ! mount -t tmpfs nsmctl-exec "$scratch"; then
          echo "nsmctl: no private mounts (tmpfs on $scratch failed); volumes are not at their mountPaths" >&2
          shift $((2 * n)); n=0
        fi
        overlays=''
        i=0
        while [ "$i" -lt "$n" ]; do
          src=$1; dst=$2; shift 2; i=$((i + 1))
          if [ ! -e "$dst" ]; then
            parent=${dst%/*}; [ -n "$parent" ] || parent=/
            while [ ! -e "$parent" ]; do parent=${parent%/*}; [ -n "$parent" ] || parent=/; done
            covered=''
            for o in $overlays; do case "$parent/" in "$o"/*) covered=1 ;; esac; done
            if [ -z "$covered" ]; then
              if [ "$parent" = / ]; then echo "nsmctl: $dst: no mount point under / without changing the host; not mounted" >&2; continue; fi
              mkdir -p "$scratch/$i/upper" "$scratch/$i/work"
              if ! mount -t overlay nsmctl-exec -o "lowerdir=$parent,upperdir=$scratch/$i/upper,workdir=$scratch/$i/work" "$parent"; then
                echo "nsmctl: $dst: cannot make a mount point; not mounted" >&2; continue
              fi
              overlays="$overlays $parent"
            fi
            if [ -d "$src" ]; then mkdir -p "$dst"; else mkdir -p "${dst%/*}" && : > "$dst"; fi
          fi
          mount --bind "$src" "$dst" || echo "nsmctl: $dst: not mounted" >&2
        done
        shift
        exec "$@"
        """;

    /// <summary>The process that runs <paramref name="command"/> in the pod (<paramref name="netns"/>: its network namespace, null: the node's).</summary>
    /// <param name="mounts">The container's mounts (<c>mountPath</c>, <c>hostPath</c>) from its status.</param>
    /// <param name="scratch">An empty folder of the pod's (in the state folder) the private tmpfs is mounted on.</param>
    public static ProcessStartInfo StartInfo(string? netns, IReadOnlyList<JsonObject> mounts, string scratch, IReadOnlyList<string> command)
    {
        List<string> words = netns is null ? [] : ["ip", "netns", "exec", netns];
        if (mounts.Count > 0)
        {
            Directory.CreateDirectory(scratch);
            if (netns is null)
            {
                // ip netns exec makes a mount namespace of its own; with the node's network, unshare makes one.
                words.AddRange(["unshare", "--mount", "--propagation", "private"]);
            }

            words.AddRange(["sh", "-c", Script, "nsmctl-exec", scratch, mounts.Count.ToString(CultureInfo.InvariantCulture)]);
            foreach (var m in mounts)
            {
                words.Add(Json.String(m["hostPath"]) ?? "");
                words.Add(Json.String(m["mountPath"]) ?? "");
            }

            words.Add("--");
        }

        words.AddRange(command);
        var info = new ProcessStartInfo(words[0]) { UseShellExecute = false };
        foreach (var w in words.Skip(1))
        {
            info.ArgumentList.Add(w);
        }

        return info;
    }
}
