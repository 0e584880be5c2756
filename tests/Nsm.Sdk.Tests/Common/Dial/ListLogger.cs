using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Tests.Common.Dial;

/// <summary>A logger that keeps every line from <paramref name="minimum"/> up (level, event id, message, exception) for assertions.</summary>
/// <param name="minimum">The lowest level kept (default Information: Debug would turn on chain tracing).</param>
internal sealed class ListLogger(LogLevel minimum = LogLevel.Information) : ILogger
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Text, Exception? Exception)> Lines { get; } = new();

    /// <summary>Gets the messages (without exceptions).</summary>
    public IEnumerable<string> Texts => Lines.Select(l => l.Text);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Lines.Enqueue((logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
