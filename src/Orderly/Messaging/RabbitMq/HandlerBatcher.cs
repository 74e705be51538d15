using System.Linq.Expressions;
using Microsoft.Extensions.Options;
using Orderly.Persistence;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// RabbitMQ transport: deliveries of in-transaction handlers that the consumers receive at the same
/// moment, from any handler queue, go through the <see cref="HandlerPipeline"/> in shared transactions
/// (<see cref="HandlerPipeline.RunBatchAsync"/>), as the database transport's rounds do. Under no load a
/// batch is one delivery and waits for nothing. Each consumer acknowledges its own delivery once the
/// batch's outcome for it committed.
/// </summary>
public sealed class HandlerBatcher(HandlerPipeline pipeline, IWriteGate writeGate, IOptions<MessagingOptions> options, ILogger<HandlerBatcher> logger)
    : GroupCommit<HandlerBatcher.Item, DeliveryOutcome>(writeGate, logger)
{
    /// <summary>A delivery with the message the consumer already decoded (to check it before taking it), so it is read once.</summary>
    public sealed record Item(Delivery Delivery, (HandlerRegistration Registration, object Message) Decoded);

    protected override int MaxBatchSize => Math.Max(1, options.Value.HandlerBatchSize);

    protected override Task<IReadOnlyList<DeliveryOutcome>> WriteBatchAsync(IReadOnlyList<Item> batch) =>
        // Queued deliveries are finished even while the host stops; the consumer waits for them.
        pipeline.RunBatchAsync(batch.Select(i => i.Delivery).ToList(), batch.Select(i => ((HandlerRegistration, object)?)i.Decoded).ToList(), RowsOf, CancellationToken.None);

    /// <summary>A broker delivery's row is known by message id and handler: one filter per handler.</summary>
    private static IReadOnlyList<Expression<Func<OutboxMessage, bool>>> RowsOf(IReadOnlyList<Delivery> deliveries) =>
        deliveries.GroupBy(d => d.Handler, StringComparer.Ordinal).Select(group =>
        {
            var handler = group.Key;
            var messageIds = group.Select(d => d.MessageId).ToList();
            return (Expression<Func<OutboxMessage, bool>>)(m => m.Handler == handler && messageIds.Contains(m.MessageId));
        }).ToList();
}
