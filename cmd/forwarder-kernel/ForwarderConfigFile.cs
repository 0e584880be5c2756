using System.Globalization;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.ForwarderKernel;

/// <summary>
/// The forwarder's config file (the guide's <c>nsm-forwarder-config</c> ConfigMap, key <c>forwarder.yaml</c>, mounted as
/// a file): flat YAML <c>key: value</c> lines, of which <c>mtu</c> is read. A missing file is no config; other keys are
/// left to newer forwarders; a bad <c>mtu</c> stops the program with the file and the line named.
/// </summary>
internal sealed record ForwarderConfigFile
{
    /// <summary>NSM_FORWARDER_CONFIG_PATH: where the file is read from.</summary>
    public const string PathVariable = "NSM_FORWARDER_CONFIG_PATH";

    /// <summary>The default path: where nsmctl's built-in forwarder mounts the ConfigMap.</summary>
    public const string DefaultPath = "/etc/nsm/forwarder.yaml";

    /// <summary>Gets the MTU (<c>mtu:</c>), or null when the file has none.</summary>
    public int? Mtu { get; init; }

    /// <summary>Reads the file at <paramref name="path"/>; an empty config when there is no such file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="NsmConfigurationException">The file cannot be read or a value is bad.</exception>
    public static ForwarderConfigFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ForwarderConfigFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NsmConfigurationException($"{PathVariable}: {path}: {ex.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses the file's text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="path">The file, for errors.</param>
    /// <returns>The config.</returns>
    /// <exception cref="NsmConfigurationException">A value is bad.</exception>
    public static ForwarderConfigFile Parse(string text, string path)
    {
        int? mtu = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0 || line == "---")
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Bad(path, i, $"\"{line}\" is not key: value");
            }

            var key = line[..colon].Trim();
            var value = Unquote(line[(colon + 1)..].Trim());
            if (key == "mtu")
            {
                mtu = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 68 and <= 65535
                    ? m
                    : throw Bad(path, i, $"mtu: \"{value}\" is not a number in 68..65535");
            }
        }

        return new ForwarderConfigFile { Mtu = mtu };
    }

    private static NsmConfigurationException Bad(string path, int line, string message) =>
        new($"{PathVariable}: {path} line {(line + 1).ToString(CultureInfo.InvariantCulture)}: {message}");

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash == 0 || (hash > 0 && char.IsWhiteSpace(line[hash - 1])) ? line[..hash] : line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
