using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>One volumeMount of a container: the path the container names and where that is on this machine.</summary>
/// <param name="MountPath">The mountPath (with a subPath: the file or folder mounted there).</param>
/// <param name="HostPath">The file or folder on this machine that stands for it.</param>
internal sealed record VolumeMount(string MountPath, string HostPath);

/// <summary>
/// A pod's volumes on one machine. Our programs run on the host, so a <c>configMap</c> volume's keys (or its
/// <c>items</c>) are written as files under the pod's state folder (<c>pods/&lt;ns&gt;_&lt;pod&gt;/volumes/&lt;volume&gt;</c>),
/// an <c>emptyDir</c> is an empty folder there, and a <c>hostPath</c> is itself (<c>/var/lib/networkservicemesh</c>: the
/// pod's node's mesh folder; SPIRE's agent socket folder <c>/run/spire/sockets</c>, like a <c>csi.spiffe.io</c> volume:
/// the folder of the mesh's Workload API). A container sees them at its mountPaths through <see cref="Rewrite"/> (env values naming a path under a
/// mountPath) and, for <c>nsmctl exec</c>, bind mounts in a private mount namespace. A changed ConfigMap is written
/// again (as the kubelet does, eventually); with a subPath the file is the volume's own, so it changes too.
/// Other volume types (secret, other csi drivers, projected) are accepted and not mapped.
/// </summary>
internal static class PodVolumes
{
    /// <summary>The hostPath folder of upstream's SPIRE agent socket.</summary>
    public const string SpireSocketsPath = "/run/spire/sockets";

    /// <summary>The SPIFFE CSI driver, whose volume holds the SPIRE agent's socket.</summary>
    public const string SpiffeCsiDriver = "csi.spiffe.io";

    public static string Dir(StateLayout layout, PodInstance pod, string volume) => Path.Combine(layout.PodDir(pod.Namespace, pod.Name), "volumes", volume);

    /// <summary>The container's mounts whose files are somewhere else on this machine than at their mountPath.</summary>
    public static List<VolumeMount> Mounts(PodInstance pod, JsonObject container, StateLayout layout)
    {
        var volumes = Json.Objects(pod.Spec["volumes"]).ToDictionary(v => Json.String(v["name"]) ?? "", StringComparer.Ordinal);
        var mounts = new List<VolumeMount>();
        foreach (var m in Json.Objects(container["volumeMounts"]))
        {
            if (Json.String(m["mountPath"]) is not { Length: > 1 } mountPath || !volumes.TryGetValue(Json.String(m["name"]) ?? "", out var volume))
            {
                continue;
            }

            var source = volume["configMap"] is JsonObject || volume["emptyDir"] is not null ? Dir(layout, pod, Json.String(volume["name"]) ?? "")
                : Json.String(volume["csi"]?["driver"]) == SpiffeCsiDriver ? layout.Spire
                : Json.String(volume["hostPath"]?["path"]) is { } hostPath ? hostPath.TrimEnd('/') switch
                {
                    ContainerEnv.HostMeshPath => pod.Node?.Mesh ?? layout.Mesh,
                    SpireSocketsPath => layout.Spire,
                    _ => hostPath,
                }
                : null;
            if (source is null)
            {
                continue;
            }

            if (Json.String(m["subPath"]) is { Length: > 0 } subPath)
            {
                source = Path.Combine(source, subPath);
            }

            mountPath = mountPath.TrimEnd('/');
            if (source != mountPath)
            {
                mounts.Add(new VolumeMount(mountPath, source));
            }
        }

        return mounts;
    }

    /// <summary>Whether the pod has a volume of ConfigMap <paramref name="configMap"/>.</summary>
    public static bool Uses(PodInstance pod, string configMap) =>
        Json.Objects(pod.Spec["volumes"]).Any(v => Json.String(v["configMap"]?["name"]) == configMap);

    /// <summary>Writes the files of the pod's configMap volumes (and makes its emptyDirs); returns what is missing.</summary>
    public static List<string> Sync(PodInstance pod, StateLayout layout, Func<string, string, IReadOnlyDictionary<string, string>?> configMap)
    {
        var warnings = new List<string>();
        foreach (var volume in Json.Objects(pod.Spec["volumes"]))
        {
            var dir = Dir(layout, pod, Json.String(volume["name"]) ?? "");
            if (volume["emptyDir"] is not null)
            {
                Directory.CreateDirectory(dir);
            }

            if (volume["configMap"] is not JsonObject source)
            {
                continue;
            }

            Directory.CreateDirectory(dir);
            var name = Json.String(source["name"]) ?? "";
            var optional = Json.Bool(source["optional"]);
            if (configMap(pod.Namespace, name) is not { } data)
            {
                if (!optional)
                {
                    warnings.Add($"configmap \"{name}\" not found: volume {Json.String(volume["name"])} stays empty until it is applied");
                }
                else
                {
                    Write(dir, []); // an optional ConfigMap that is gone leaves its volume empty, as the kubelet does
                }

                continue;
            }

            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            if (source["items"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    var key = Json.String(item["key"]) ?? "";
                    if (data.TryGetValue(key, out var value))
                    {
                        files[Json.String(item["path"]) ?? key] = value;
                    }
                    else if (!optional)
                    {
                        warnings.Add($"configmap \"{name}\" has no key \"{key}\" (volume {Json.String(volume["name"])})");
                    }
                }
            }
            else
            {
                foreach (var (key, value) in data)
                {
                    files[key] = value;
                }
            }

            Write(dir, files);
        }

        return warnings;
    }

    /// <summary>Makes the folder hold exactly <paramref name="files"/>; each changed file is replaced whole (rename), so readers never see half a file.</summary>
    private static void Write(string dir, Dictionary<string, string> files)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (relative, content) in files)
        {
            var path = Path.GetFullPath(Path.Combine(dir, relative));
            if (!path.StartsWith(dir + "/", StringComparison.Ordinal))
            {
                continue; // apply rejects such keys and paths; never write outside the volume
            }

            wanted.Add(path);
            if (File.Exists(path) && File.ReadAllText(path) == content)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + ".nsmctl-new";
            File.WriteAllText(tmp, content);
            File.Move(tmp, path, overwrite: true);
        }

        foreach (var stale in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !wanted.Contains(f)).ToList())
        {
            File.Delete(stale);
        }
    }

    /// <summary>Rewrites every path under a mountPath in <paramref name="value"/> (a path, a URL, a comma-separated list) to where it is on this machine.</summary>
    public static string Rewrite(string value, IReadOnlyList<VolumeMount> mounts)
    {
        if (mounts.Count == 0 || !value.Contains('/', StringComparison.Ordinal))
        {
            return value;
        }

        var ordered = mounts.OrderByDescending(m => m.MountPath.Length).ToList();
        var sb = new System.Text.StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var hit = i > 0 && IsNameChar(value[i - 1]) ? null : ordered.FirstOrDefault(m => StartsAt(value, i, m.MountPath));
            if (hit is null)
            {
                sb.Append(value[i]);
                i++;
                continue;
            }

            sb.Append(hit.HostPath);
            i += hit.MountPath.Length;
        }

        return sb.ToString();

        static bool StartsAt(string value, int i, string path) =>
            string.CompareOrdinal(value, i, path, 0, path.Length) == 0 && (i + path.Length == value.Length || !IsNameChar(value[i + path.Length]));

        static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '~';
    }
}
