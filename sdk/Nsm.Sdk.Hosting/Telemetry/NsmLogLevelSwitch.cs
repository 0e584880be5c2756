using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The program's log level, changeable while it runs (as upstream: <c>SIGUSR1</c> switches to TRACE, <c>SIGUSR2</c>
/// back to <c>NSM_LOG_LEVEL</c>; see <see cref="NsmLogLevelSignals"/>). A change re-applies the logging filters at once.
/// </summary>
public sealed class NsmLogLevelSwitch : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _changed = new();

    /// <summary>Initializes the switch at <paramref name="configured"/>.</summary>
    /// <param name="configured">The level from <c>NSM_LOG_LEVEL</c>.</param>
    public NsmLogLevelSwitch(LogLevel configured)
    {
        Configured = configured;
        Level = configured;
    }

    /// <summary>Gets the level the program was started with.</summary>
    public LogLevel Configured { get; }

    /// <summary>Gets the level in force.</summary>
    public LogLevel Level { get; private set; }

    /// <summary>Sets the level in force.</summary>
    /// <param name="level">The level.</param>
    /// <returns><see langword="true"/> when it changed.</returns>
    public bool Set(LogLevel level)
    {
        CancellationTokenSource previous;
        lock (_lock)
        {
            if (level == Level)
            {
                return false;
            }

            Level = level;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
        return true;
    }

    /// <summary>Gets a token that fires at the next change.</summary>
    /// <returns>The change token.</returns>
    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _changed.Dispose();
        }
    }
}
