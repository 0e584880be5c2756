using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Testing;

/// <summary>An <see cref="ILogger"/> that keeps every entry (all levels enabled) for assertions on log output.</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    /// <summary>The messages logged at <paramref name="level"/>, optionally only those starting with <paramref name="prefix"/>.</summary>
    public List<string> At(LogLevel level, string prefix = "") =>
        [.. Entries.Where(e => e.Level == level && e.Message.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
