using Microsoft.EntityFrameworkCore;
using Orderly.Fulfillment.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// Moves the order's status as the other modules report progress, and writes each step on its
/// timeline. Every handler is a guarded state change, so a repeated or late event changes nothing.
/// </summary>
internal sealed class RecordOrderProgress(OrderlyDbContext db, TimeProvider time) :
    IMessageHandler<PaymentSucceeded>,
    IMessageHandler<PaymentFailed>,
    IMessageHandler<ReservationExpired>,
    IMessageHandler<OrderFulfilled>,
    IMessageHandler<FulfillmentAwaitingStock>,
    IMessageHandler<FulfillmentOnHold>
{
    public Task HandleAsync(PaymentSucceeded message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => o.MarkPaid(Now), "payment_received", $"{message.Provider} {message.Amount / 100m:0.00} {message.Currency}", cancellationToken);

    public Task HandleAsync(PaymentFailed message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, _ => true, "payment_failed", message.Reason, cancellationToken);

    public Task HandleAsync(ReservationExpired message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => o.Expire(), "reservation_expired", null, cancellationToken);

    public Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => o.MarkCompleted(Now), "fulfilled", $"{message.Lines.Sum(l => l.KeyIds.Count)} code(s), {message.Lines.Count(l => l.FileGrantId is not null)} file(s)", cancellationToken);

    public Task HandleAsync(FulfillmentAwaitingStock message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => o.AwaitStock(), "awaiting_stock", message.Sku, cancellationToken);

    public Task HandleAsync(FulfillmentOnHold message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => o.HoldForReview(), "on_hold", message.Reason, cancellationToken);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task ChangeAsync(Guid orderId, Func<Order, bool> change, string eventName, string? detail, CancellationToken cancellationToken)
    {
        var order = await db.Set<Order>().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null)
        {
            return;
        }
        var before = order.Status;
        if (!change(order))
        {
            return;
        }
        db.Set<TimelineEntry>().Add(new TimelineEntry
        {
            OrderId = orderId,
            At = Now,
            Status = order.Status != before ? order.Status : null,
            Event = eventName,
            Detail = detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
