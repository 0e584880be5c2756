using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>
/// Upstream <c>excludedprefixes</c> client: makes the addresses a client already uses on its other connections
/// excluded for each new one, so two network services never hand it overlapping addresses. Connections of the same
/// awareness group (see <see cref="ExcludedPrefixesClientOptions.AwarenessGroups"/>) may share addresses.
/// </summary>
/// <remarks>
/// <para>Request: sends <c>excluded_prefixes</c> = the caller's own + every address and host route of the client's other
/// connections (outside its group) + the prefixes of all other groups, without duplicates and without this connection's
/// own current addresses (so a refresh keeps them). A response address inside an excluded host prefix (/32, /128) closes the
/// connection downstream and fails with <c>FailedPrecondition</c>. The caller's excluded list is restored on the way back.</para>
/// <para>Each connection's contribution is reference-counted and replaced on refresh; Close removes it, so one connection's
/// failure or close never removes another connection's addresses. Group URLs match a request when the mechanism type and
/// network service are equal, the interface name is equal when the URL names one, and the URL's labels are all present.</para>
/// </remarks>
public sealed class ExcludedPrefixesClient : INetworkServiceClient
{
    private readonly Lock _lock = new();
    private readonly AwarenessGroups _groups;
    private readonly PrefixBag _global = new();
    private readonly PrefixBag[] _groupBags;
    private readonly Dictionary<string, (int Group, string[] Prefixes)> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Creates the element.</summary>
    /// <param name="options">The options; <see langword="null"/> for no awareness groups.</param>
    /// <exception cref="ArgumentException">A group URL is malformed.</exception>
    public ExcludedPrefixesClient(ExcludedPrefixesClientOptions? options = null)
    {
        _groups = new AwarenessGroups(options?.AwarenessGroups ?? []);
        _groupBags = [.. Enumerable.Range(0, _groups.Count).Select(_ => new PrefixBag())];
    }

    /// <summary>Gets the prefixes currently excluded for connections outside any group (for inspection).</summary>
    public IReadOnlyList<string> GlobalPrefixes
    {
        get
        {
            lock (_lock)
            {
                return [.. _global.Items];
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        var ip = (conn.Context ??= new ConnectionContext()).IpContext ??= new IPContext();
        string[] original = [.. ip.ExcludedPrefixes];
        int group = _groups.IndexOf(request);
        var own = new HashSet<string>(ip.SrcIpAddrs.Concat(ip.DstIpAddrs), StringComparer.Ordinal);
        string[] exclude;
        lock (_lock)
        {
            var others = _groupBags.Where((_, i) => i != group).SelectMany(b => b.Items);
            exclude = [.. original.Concat(_global.Items).Concat(others).Distinct(StringComparer.Ordinal).Where(p => !own.Contains(p))];
        }

        Replace(ip, exclude);
        Connection response;
        try
        {
            response = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        finally
        {
            Replace(ip, original);
        }

        var respIp = response.Context?.IpContext ?? new IPContext();
        if (FindExcludedAddress(respIp, exclude) is { } bad)
        {
            await CloseQuietly(response, context, next).ConfigureAwait(false);
            lock (_lock)
            {
                Forget(conn.Id ?? string.Empty);
            }

            throw new NsmStatusException(StatusCode.FailedPrecondition, $"IP {bad} is excluded, but it was found in response IPs");
        }

        var sent = new HashSet<string>(exclude, StringComparer.Ordinal);
        var mine = respIp.SrcIpAddrs.Concat(respIp.DstIpAddrs)
            .Concat(respIp.SrcRoutes.Concat(respIp.DstRoutes).Select(r => r.Prefix).Where(IsHostPrefix));
        if (group < 0)
        {
            mine = mine.Concat(original).Concat(respIp.ExcludedPrefixes.Where(p => !sent.Contains(p)));
        }

        string[] contribution = [.. mine.Distinct(StringComparer.Ordinal)];
        lock (_lock)
        {
            Forget(conn.Id ?? string.Empty);
            (group < 0 ? _global : _groupBags[group]).Add(contribution);
            _byConnection[conn.Id ?? string.Empty] = (group, contribution);
        }

        if (!ReferenceEquals(respIp, ip))
        {
            Replace(respIp, original);
        }

        return response;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        lock (_lock)
        {
            Forget(connection.Id ?? string.Empty);
        }

        return next.CloseAsync(connection, context);
    }

    private static void Replace(IPContext ip, string[] prefixes)
    {
        ip.ExcludedPrefixes.Clear();
        ip.ExcludedPrefixes.Add(prefixes);
    }

    private static bool IsHostPrefix(string prefix) => IpCidr.TryParse(prefix, out var c) && c.IsHost;

    private static string? FindExcludedAddress(IPContext ip, string[] exclude)
    {
        var hosts = new HashSet<IpAddr>(exclude.Where(IsHostPrefix).Select(p => IpCidr.Parse(p).Address));
        foreach (var text in ip.SrcIpAddrs.Concat(ip.DstIpAddrs))
        {
            if (IpCidr.TryParse(text, out var c) && hosts.Contains(c.Address))
            {
                return c.Address.ToString();
            }
        }

        return null;
    }

    private static async ValueTask CloseQuietly(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        try
        {
            await next.CloseAsync(connection, context.Fork(null, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The Request fails anyway; the close error only goes to the log.
            context.Logger.LogCloseFailure(e);
        }
    }

    private void Forget(string id)
    {
        if (_byConnection.Remove(id, out var old))
        {
            (old.Group < 0 ? _global : _groupBags[old.Group]).Remove(old.Prefixes);
        }
    }
}
