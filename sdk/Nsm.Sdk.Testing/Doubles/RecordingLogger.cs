using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Testing;

/// <summary>An <see cref="ILogger"/> that keeps every entry (all levels enabled) for assertions on log output.</summary>
public sealed class RecordingLogger : ILogger
{
    /// <summary>Gets every entry logged, in order, with its formatted message.</summary>
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    /// <summary>The messages logged at <paramref name="level"/>, optionally only those starting with <paramref name="prefix"/>.</summary>
    /// <param name="level">The level.</param>
    /// <param name="prefix">The start the messages must have; every message when empty.</param>
    /// <returns>The messages, in order.</returns>
    public List<string> At(LogLevel level, string prefix = "") =>
        [.. Entries.Where(e => e.Level == level && e.Message.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Message)];

    /// <summary>Scopes are not recorded.</summary>
    /// <typeparam name="TState">The scope state type.</typeparam>
    /// <param name="state">The scope state.</param>
    /// <returns><see langword="null"/>.</returns>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <summary>Every level is enabled.</summary>
    /// <param name="logLevel">The level.</param>
    /// <returns><see langword="true"/>.</returns>
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <summary>Records the entry with its formatted message.</summary>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="logLevel">The level.</param>
    /// <param name="eventId">The event id.</param>
    /// <param name="state">The state.</param>
    /// <param name="exception">The exception, if any (not recorded).</param>
    /// <param name="formatter">Formats the message.</param>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
