using System.Diagnostics;

namespace Nsm.Sdk.Kernel.Acl;

/// <summary>
/// Runs the <c>nft</c> program with a JSON ruleset on its standard input (one atomic transaction, as Kubernetes'
/// knftables does), in this process's network namespace or, through <c>nsenter --net</c>, in another one.
/// </summary>
internal static class NftProgram
{
    /// <summary>Runs <c>nft -j</c> with the arguments.</summary>
    /// <param name="netNsPath">The namespace to run in (a <c>/proc/…/ns/net</c> or <c>/run/netns/…</c> path), or null for this process's.</param>
    /// <param name="arguments">The arguments after <c>-j</c> (e.g. <c>-f -</c> or <c>list table inet x</c>).</param>
    /// <param name="input">Standard input, or null.</param>
    /// <param name="cancellationToken">Cancels (and kills) the run.</param>
    /// <returns>Standard output.</returns>
    /// <exception cref="InvalidOperationException">nft is missing or failed; the message has its error output.</exception>
    public static async Task<string> RunAsync(string? netNsPath, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(netNsPath is null ? "nft" : "nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netNsPath is not null)
        {
            start.ArgumentList.Add($"--net={netNsPath}");
            start.ArgumentList.Add("nft");
        }

        start.ArgumentList.Add("-j");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = StartOrExplain(start);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"nft {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{start.FileName} could not be run ({e.Message}): the kernel firewall needs the nftables package (nft) and util-linux (nsenter)", e);
        }
    }
}
