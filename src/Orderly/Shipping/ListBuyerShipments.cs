using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary>The shipments of one order as its buyer's order page shows them.</summary>
internal sealed class ListBuyerShipments(OrderlyDbContext db) : IBuyerShipments
{
    public async Task<IReadOnlyList<BuyerShipment>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await ListShipments.LoadAsync(db.Set<Shipment>().Where(s => s.OrderId == orderId).OrderBy(s => s.CreatedAt), db, withAddress: false, cancellationToken))
            .Select(s => new BuyerShipment(s.Id, s.Status, s.Carrier, s.TrackingNumber, s.CreatedAt, s.ShippedAt, s.DeliveredAt,
                s.Lines.Select(l => new BuyerShipmentLine(l.Sku, l.ProductName, l.Quantity)).ToList(),
                s.Events.Select(e => new BuyerTrackingStep(e.Status, e.Location, e.At)).ToList()))
            .ToList();
}
