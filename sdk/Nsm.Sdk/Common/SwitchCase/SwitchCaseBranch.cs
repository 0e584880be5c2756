using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SwitchCase;

/// <summary>Decides whether a branch of a switchcase element handles a call.</summary>
/// <param name="context">The call context.</param>
/// <param name="connection">The request's connection (Request) or the connection (Close).</param>
/// <returns><see langword="true"/> to run the branch.</returns>
public delegate bool SwitchCaseCondition(NsmContext context, Connection connection);

/// <summary>One branch of <see cref="SwitchCaseServer"/> or <see cref="SwitchCaseClient"/>.</summary>
/// <typeparam name="TElement">The element type.</typeparam>
/// <param name="Condition">When the branch runs.</param>
/// <param name="Element">What runs instead of next; it continues the chain itself.</param>
public sealed record SwitchCaseBranch<TElement>(SwitchCaseCondition Condition, TElement Element)
    where TElement : INetworkServiceElement;

/// <summary>Ready-made conditions.</summary>
public static class SwitchCaseConditions
{
    /// <summary>Gets a condition that always holds; put it last as the default branch.</summary>
    public static SwitchCaseCondition Default { get; } = static (_, _) => true;
}

/// <summary>The dispatch shared by the server and client variants.</summary>
internal static class SwitchCaseDispatch
{
    public static INetworkServiceElement? Select<TElement>(SwitchCaseBranch<TElement>[] branches, NsmContext context, Connection? connection)
        where TElement : INetworkServiceElement
    {
        var conn = connection ?? new Connection();
        foreach (var branch in branches)
        {
            if (branch.Condition(context, conn))
            {
                return branch.Element;
            }
        }

        return null;
    }
}
