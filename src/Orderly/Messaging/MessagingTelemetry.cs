using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orderly.Messaging;

internal static class MessagingTelemetry
{
    public const string Name = "Orderly.Messaging";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    public static readonly Counter<long> Handled = Meter.CreateCounter<long>("orderly.messages.handled");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("orderly.messages.dead_lettered");
    public static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("orderly.messages.handler.duration", "ms");
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("orderly.messages.batch_size", "{delivery}");
}
