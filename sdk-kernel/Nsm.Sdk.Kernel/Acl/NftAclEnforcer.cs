using System.Text.Json;
using Nsm.Sdk.Acl;

namespace Nsm.Sdk.Kernel.Acl;

/// <summary>
/// The kernel's <see cref="IAclEnforcer"/>: one nftables table per NSE (family <c>inet</c>, forward hook, conntrack for
/// stateful permits) covering every connection's interface, replaced as a whole in one transaction whenever the set of
/// interfaces changes, and removed with the last connection (and on dispose): nothing is left in <c>nft list ruleset</c>.
/// An interface may be routed (the NSE forwards IP between its interfaces) or a port of a bridge (a passthrough NSE
/// with <see cref="Passthrough.KernelXconnect"/>): a <c>bridge</c> table of the same name tells the <c>inet</c>
/// chains which port a bridged packet came from and goes to.
/// </summary>
public sealed class NftAclEnforcer : IAclEnforcer, IAsyncDisposable
{
    private readonly NftAclEnforcerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _interfaces = new(StringComparer.Ordinal);

    /// <summary>Creates the enforcer.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="options">Where to keep them.</param>
    public NftAclEnforcer(AclRuleSet rules, NftAclEnforcerOptions? options = null)
    {
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _options = options ?? new NftAclEnforcerOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public AclRuleSet Rules { get; }

    /// <summary>Gets the interfaces currently filtered.</summary>
    public IReadOnlyCollection<string> Interfaces
    {
        get
        {
            lock (_interfaces)
            {
                return [.. _interfaces.Values];
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string connectionId, string interfaceName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string? previous;
            lock (_interfaces)
            {
                if (_interfaces.TryGetValue(connectionId, out previous) && previous == interfaceName)
                {
                    return; // a refresh: already in force
                }

                _interfaces[connectionId] = interfaceName;
            }

            try
            {
                await InstallLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_interfaces)
                {
                    if (previous is null)
                    {
                        _interfaces.Remove(connectionId);
                    }
                    else
                    {
                        _interfaces[connectionId] = previous;
                    }
                }

                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_interfaces)
            {
                if (!_interfaces.Remove(connectionId))
                {
                    return;
                }
            }

            await InstallLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every rule's counter (empty when no connection is filtered).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counters in chain order.</returns>
    public async Task<IReadOnlyList<AclRuleCounter>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        if (Interfaces.Count == 0)
        {
            return [];
        }

        var json = await NftProgram.RunAsync(_options.NetNsPath, ["list", "table", "inet", _options.TableName], null, cancellationToken).ConfigureAwait(false);
        var counters = new List<AclRuleCounter>();
        using var doc = JsonDocument.Parse(json);
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule) || !rule.TryGetProperty("comment", out var comment))
            {
                continue;
            }

            foreach (var expr in rule.GetProperty("expr").EnumerateArray())
            {
                if (expr.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object)
                {
                    counters.Add(new AclRuleCounter(rule.GetProperty("chain").GetString() ?? string.Empty, comment.GetString() ?? string.Empty,
                        counter.GetProperty("packets").GetInt64(), counter.GetProperty("bytes").GetInt64()));
                }
            }
        }

        return counters;
    }

    /// <summary>Removes the table.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool any;
            lock (_interfaces)
            {
                any = _interfaces.Count > 0;
                _interfaces.Clear();
            }

            if (any)
            {
                await NftProgram.RunAsync(_options.NetNsPath, ["-f", "-"], NftAclDocument.Remove(_options.TableName), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private Task<string> InstallLockedAsync(CancellationToken cancellationToken)
    {
        string[] names;
        lock (_interfaces)
        {
            names = [.. _interfaces.Values.Distinct(StringComparer.Ordinal)];
        }

        var document = names.Length == 0 || Rules.IsEmpty
            ? NftAclDocument.Remove(_options.TableName)
            : NftAclDocument.Install(_options.TableName, Rules, names);
        return NftProgram.RunAsync(_options.NetNsPath, ["-f", "-"], document, cancellationToken);
    }
}
