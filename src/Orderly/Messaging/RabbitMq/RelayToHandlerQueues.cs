using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// RabbitMQ transport, sending side: each claimed outbox row becomes one persistent message on the
/// handlers exchange, routing key = the row's handler, message id = the outbox message id (the
/// inbox key), with the attempt number and the trace context in headers. Mandatory, so a message no
/// queue takes fails instead of vanishing, and the row stays pending.
/// </summary>
internal sealed class RelayToHandlerQueues(RabbitMqBroker broker, HandlerQueues queues) : IOutboxRelay
{
    public async Task<RelayResult> SendAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var sends = rows.Select(async row =>
        {
            try
            {
                await broker.PublishAsync(queues.Exchange, row.Handler, mandatory: true, Properties(row), Encoding.UTF8.GetBytes(row.Payload), cancellationToken);
                return (row.Id, Error: (Exception?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (row.Id, Error: ex);
            }
        });
        var results = await Task.WhenAll(sends);
        return new RelayResult(
            results.Where(r => r.Error is null).Select(r => r.Id).ToList(),
            results.Select(r => r.Error).FirstOrDefault(e => e is not null));
    }

    private static BasicProperties Properties(OutboxMessage row)
    {
        var properties = new BasicProperties
        {
            MessageId = row.MessageId.ToString(),
            Type = row.MessageType,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>
            {
                [HandlerQueues.AttemptHeader] = row.Attempts + 1,
                [HandlerQueues.EnqueuedAtHeader] = row.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            },
        };
        if (row.TraceParent is not null)
        {
            // W3C trace context: the consumer's handler span continues the order's trace.
            properties.Headers["traceparent"] = row.TraceParent;
        }
        return properties;
    }
}
