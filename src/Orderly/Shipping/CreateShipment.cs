using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary>
/// A fulfilled order (fulfillment allocated the stock of every line) hands its physical lines to the
/// shipment workflow: one shipment, status packing, to the address given at checkout (kept by
/// <see cref="RecordShippingAddress"/>), and
/// <see cref="ShipmentCreated"/>. An order without physical lines has no shipment. Idempotent: one
/// shipment per order (checked here, and a unique index for a concurrent twin).
/// </summary>
internal sealed class CreateShipment(OrderlyDbContext db, IOrderBook orders, IOutbox outbox, IAuditLog audit, TimeProvider time, ILogger<CreateShipment> logger)
    : IMessageHandler<OrderFulfilled>
{
    public async Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(message.OrderId, cancellationToken);
        var physical = order?.Lines.Where(l => l.Kind == ProductKind.Physical).ToList() ?? [];
        if (physical.Count == 0 || await db.Set<Shipment>().AnyAsync(s => s.OrderId == message.OrderId, cancellationToken))
        {
            return;
        }
        if (!await db.Set<ShippingAddress>().AnyAsync(a => a.OrderId == message.OrderId, cancellationToken))
        {
            // Checkout requires an address for physical lines; an order without one still gets its
            // shipment, so an admin sees it in the packing list and asks the buyer.
            LogNoAddress(logger, message.OrderId, null);
        }
        var now = time.GetUtcNow();
        var shipment = new Shipment
        {
            Id = Guid.CreateVersion7(now),
            OrderId = message.OrderId,
            Status = ShipmentStatus.Packing,
            CreatedAt = now.UtcDateTime,
            Lines = physical.Select(l => new ShipmentLine { Id = Guid.CreateVersion7(now), OrderLineId = l.Id, Sku = l.Sku, ProductName = l.ProductName, Quantity = l.Quantity }).ToList(),
        };
        db.Set<Shipment>().Add(shipment);
        outbox.Enqueue(new ShipmentCreated(message.OrderId, shipment.Id, physical.Select(l => l.Id).ToList(), now.UtcDateTime));
        audit.Append("ShipmentCreated", message.OrderId, "system", new { shipmentId = shipment.Id, lines = physical.Select(l => new { l.Sku, l.Quantity }), test = order!.IsTest });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly Action<ILogger, Guid, Exception?> LogNoAddress = LoggerMessage.Define<Guid>(LogLevel.Warning, new EventId(1, "ShipmentWithoutAddress"),
        "Order {OrderId} has physical lines but no shipping address; its shipment waits for one.");
}
