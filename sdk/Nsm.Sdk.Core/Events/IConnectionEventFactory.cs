using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// Re-enters a chain from its start (its begin element) for one connection, in the background and serialized
/// with every other call of that connection. This is how refresh, heal, expiry and reselect act: they never
/// bypass the chain.
/// </summary>
public interface IConnectionEventFactory
{
    /// <summary>Re-runs the connection's last successful Request from the start of the chain.</summary>
    /// <param name="options">How to re-request.</param>
    /// <param name="cancellationToken">Cancels the wait; the event itself runs with its own deadline.</param>
    /// <returns>The connection the chain returned.</returns>
    Task<Connection> RequestAsync(EventRequestOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Closes the connection from the start of the chain with the last successful connection.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the chain has closed the connection.</returns>
    Task CloseAsync(CancellationToken cancellationToken = default);
}

/// <summary>Options of a re-request made through <see cref="IConnectionEventFactory"/>.</summary>
public sealed record EventRequestOptions
{
    /// <summary>Gets a value indicating whether to ask for another endpoint (closes the old path first, as upstream's reselect).</summary>
    public bool Reselect { get; init; }

    /// <summary>Gets the timeout of the re-request; when <see langword="null"/>, the one of the request that created the connection.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Where begin puts its event factory in the call context.</summary>
/// <remarks>
/// One key for both halves, as upstream: the outermost begin of a call (the server begin of an nsmgr, forwarder or
/// endpoint; the client begin of an NSC) acts and every begin after it only continues the chain. Refresh, heal and
/// expiry therefore always re-enter the chain from its true start, with the caller's latest request.
/// </remarks>
public static class EventFactoryKeys
{
    /// <summary>The event factory of the outermost begin element of the call.</summary>
    public static readonly NsmContextKey<IConnectionEventFactory> Begin = new("begin");

    /// <summary>Gets the event factory of the outermost begin element, when one ran before the caller.</summary>
    /// <param name="context">The call context.</param>
    /// <returns>The factory, or <see langword="null"/>.</returns>
    public static IConnectionEventFactory? EventFactory(this NsmContext context) =>
        context?.GetOrDefault(Begin);
}
