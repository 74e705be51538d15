using Microsoft.EntityFrameworkCore;
using Orderly.Fulfillment.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Orders;

/// <summary>
/// Moves the order's status as the other modules report progress, through
/// <see cref="OrderStatusMover"/>. Every handler is a guarded state change: a repeated or late event
/// changes nothing, and a move the transition table refuses only leaves a timeline note.
/// </summary>
internal sealed class RecordOrderProgress(OrderlyDbContext db, OrderStatusMover mover, IStockLedger ledger, TimeProvider time) :
    IMessageHandler<PaymentSucceeded>,
    IMessageHandler<PaymentFailed>,
    IMessageHandler<ReservationExpired>,
    IMessageHandler<OrderFulfilled>,
    IMessageHandler<FulfillmentAwaitingStock>,
    IMessageHandler<FulfillmentOnHold>,
    IMessageHandler<FulfillmentResumed>,
    IMessageHandler<OrderCancelRequested>,
    IMessageHandler<ShipmentCreated>,
    IMessageHandler<ShipmentShipped>,
    IMessageHandler<ShipmentDelivered>
{
    public Task HandleAsync(PaymentSucceeded message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            if (!o.MarkPaid(Now, out var moveTo))
            {
                return;
            }
            mover.Move(o, moveTo, "payment_received", $"{message.Provider} {message.Amount / 100m:0.00} {message.Currency}");
            // Each handler has its own queue on the broker, so the fulfillment may have been recorded
            // first (while the order still looked unpaid): finish the order now.
            if (o.FulfilledAt is not null && await CompleteIfDoneAsync(o, cancellationToken) is { } done)
            {
                mover.Move(o, done, "completed", "fulfilled before the payment was recorded");
            }
        }, cancellationToken);

    /// <summary>
    /// A5: the order fails and its reservation goes back to stock; the buyer is e-mailed (Delivery
    /// reacts to the status change). A later successful payment still pays it (Failed → Processing).
    /// </summary>
    public Task HandleAsync(PaymentFailed message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            if (o.PaidAt is not null)
            {
                mover.Note(o.Id, "payment_failed", $"ignored: the order is already paid ({message.Reason})");
                return;
            }
            if (mover.Move(o, OrderStatus.Failed, "payment_failed", message.Reason ?? message.Provider) && o.Status == OrderStatus.Failed)
            {
                await ledger.ReleaseReservationsAsync(o.Id, cancellationToken);
            }
        }, cancellationToken);

    public Task HandleAsync(ReservationExpired message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => MoveIfAsync(o, o.Status == OrderStatus.Pending, OrderStatus.Cancelled, "reservation_expired", null), cancellationToken);

    public Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            if (o.FulfilledAt is not null)
            {
                return;
            }
            o.FulfilledAt = Now;
            var detail = $"{message.Lines.Sum(l => l.KeyIds.Count)} code(s), {message.Lines.Count(l => l.FileGrantId is not null)} file(s)";
            mover.Move(o, await CompleteIfDoneAsync(o, cancellationToken), "fulfilled", detail);
        }, cancellationToken);

    public Task HandleAsync(FulfillmentAwaitingStock message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => MoveIfAsync(o, o.Status != OrderStatus.AwaitingStock, OrderStatus.AwaitingStock, "awaiting_stock", message.Sku), cancellationToken);

    public Task HandleAsync(FulfillmentOnHold message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o => MoveIfAsync(o, o.Status != OrderStatus.OnHold, OrderStatus.OnHold, "on_hold", message.Reason), cancellationToken);

    /// <summary>Only a waiting order resumes; anything else (e.g. a cancelled one) is a refused move, whatever the table says about payments.</summary>
    public Task HandleAsync(FulfillmentResumed message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o =>
        {
            if (o.Status is OrderStatus.AwaitingStock or OrderStatus.OnHold)
            {
                mover.Move(o, OrderStatus.Processing, "fulfillment_resumed", message.Reason);
            }
            else if (o.Status != OrderStatus.Processing)
            {
                mover.Refuse(o, OrderStatus.Processing, "fulfillment_resumed", message.Reason);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Applied when the table allows it and the order is unpaid; a paid order must be refunded first
    /// (the refund moves it to Refunded), so the request only leaves a note then.
    /// </summary>
    public Task HandleAsync(OrderCancelRequested message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            var detail = $"{message.Source}: {message.Reason}";
            if (o.Status == OrderStatus.Cancelled)
            {
                return;
            }
            if (o.PaidAt is not null)
            {
                mover.Note(o.Id, "cancel_refused", $"{detail} (the order is paid: refund it instead)");
                return;
            }
            if (mover.Move(o, OrderStatus.Cancelled, "cancel_requested", detail) && o.Status == OrderStatus.Cancelled)
            {
                await ledger.ReleaseReservationsAsync(o.Id, cancellationToken);
            }
        }, cancellationToken);

    public Task HandleAsync(ShipmentCreated message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            if (await db.Set<OrderShipment>().AnyAsync(s => s.ShipmentId == message.ShipmentId, cancellationToken))
            {
                return;
            }
            db.Set<OrderShipment>().Add(new OrderShipment { ShipmentId = message.ShipmentId, OrderId = o.Id, CreatedAt = message.At });
            mover.Note(o.Id, "shipment_created", $"{message.OrderLineIds.Count} line(s)");
        }, cancellationToken);

    public Task HandleAsync(ShipmentShipped message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, o =>
        {
            mover.Note(o.Id, "shipment_shipped", $"{message.Carrier} {message.TrackingNumber}");
            return Task.CompletedTask;
        }, cancellationToken);

    public Task HandleAsync(ShipmentDelivered message, MessageContext context, CancellationToken cancellationToken) =>
        ChangeAsync(message.OrderId, async o =>
        {
            var shipment = await db.Set<OrderShipment>().FirstOrDefaultAsync(s => s.ShipmentId == message.ShipmentId, cancellationToken);
            if (shipment is null)
            {
                // Delivered before created was handled (any order of arrival): the delivery is the news.
                shipment = new OrderShipment { ShipmentId = message.ShipmentId, OrderId = o.Id, CreatedAt = message.At };
                db.Set<OrderShipment>().Add(shipment);
            }
            else if (shipment.DeliveredAt is not null)
            {
                return;
            }
            shipment.DeliveredAt = message.At;
            await db.SaveChangesAsync(cancellationToken);
            mover.Move(o, await CompleteIfDoneAsync(o, cancellationToken), "shipment_delivered", null);
        }, cancellationToken);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private Task MoveIfAsync(Order order, bool condition, OrderStatus to, string eventName, string? detail)
    {
        if (condition)
        {
            mover.Move(order, to, eventName, detail);
        }
        return Task.CompletedTask;
    }

    /// <summary>Completed when the digital part is fulfilled and every shipment is delivered; null: not yet.</summary>
    private async Task<OrderStatus?> CompleteIfDoneAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Status is not (OrderStatus.Processing or OrderStatus.AwaitingStock))
        {
            return null;
        }
        var shipments = await db.Set<OrderShipment>().Where(s => s.OrderId == order.Id).Select(s => s.DeliveredAt != null).ToListAsync(cancellationToken);
        return Order.IsComplete(order.FulfilledAt is not null, order.HasPhysicalLines, shipments) ? OrderStatus.Completed : null;
    }

    /// <summary>
    /// Reads the order under a row lock, applies <paramref name="change"/> and saves, all in the
    /// dispatcher's transaction. The payment and the fulfillment of one order arrive on different
    /// handler queues and can run at the same moment: without the lock each could read the order
    /// before the other committed, and the second to save would decide on a stale view (a paid,
    /// fulfilled order left processing). With it, the second waits, then reads the first's commit
    /// (ADR 0030). The lock is held until the transaction ends.
    /// </summary>
    private async Task ChangeAsync(Guid orderId, Func<Order, Task> change, CancellationToken cancellationToken)
    {
        var order = await LockedOrder.LockAsync(db, orderId, cancellationToken);
        if (order is null)
        {
            return;
        }
        await change(order);
        await db.SaveChangesAsync(cancellationToken);
    }
}
