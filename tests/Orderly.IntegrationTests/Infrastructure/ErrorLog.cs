using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps the app's error-level log entries (with their exceptions) so a test can show why a page
/// answered 500: register with <c>services: s => s.AddSingleton&lt;ILoggerProvider&gt;(errors)</c>.
/// </summary>
internal sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public override string ToString() => string.Join("\n---\n", _entries);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
