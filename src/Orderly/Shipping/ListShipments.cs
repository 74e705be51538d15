using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Shipping;

public sealed record ShipmentView(Guid Id, Guid OrderId, string Status, string Method, string? Carrier, string? TrackingNumber,
    DateTime CreatedAt, DateTime? ShippedAt, DateTime? DeliveredAt, ShipmentAddressView? Address, string Country,
    IReadOnlyList<ShipmentLineView> Lines, IReadOnlyList<TrackingEventView> Events)
{
    internal static string StatusName(ShipmentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The buyer's view leaves the address out (the status link is shareable); admins see it.</summary>
    internal static ShipmentView From(Shipment s, ShippingAddress? a, IEnumerable<TrackingEvent> events, bool withAddress) => new(
        s.Id, s.OrderId, StatusName(s.Status), a?.Method ?? "", s.Carrier, s.TrackingNumber, s.CreatedAt, s.ShippedAt, s.DeliveredAt,
        withAddress && a is not null ? new ShipmentAddressView(a.Name, a.Line1, a.Line2, a.City, a.PostalCode, a.Country, a.Phone) : null, a?.Country ?? "",
        s.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new ShipmentLineView(l.OrderLineId, l.Sku, l.ProductName, l.Quantity)).ToList(),
        events.Select(e => new TrackingEventView(e.Status, e.Location, e.At)).ToList());
}

public sealed record ShipmentAddressView(string Name, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone);

public sealed record ShipmentLineView(Guid OrderLineId, string Sku, string ProductName, int Quantity);

public sealed record TrackingEventView(string Status, string? Location, DateTime At);

/// <summary>
/// <c>GET /api/orders/{id}/shipments</c> (the buyer's status page: same access as the order's status)
/// and <c>GET /api/admin/shipments?status=&amp;orderId=</c> (the packing list, newest first).
/// </summary>
internal static class ListShipments
{
    public static async Task<Results<Ok<List<ShipmentView>>, ProblemHttpResult>> ForOrderAsync(Guid id, IOrderBook orders, OrderlyDbContext db, CancellationToken ct)
    {
        if (await orders.FindAsync(id, ct) is null)
        {
            return Problems.NotFound("orders.order_not_found", $"No order {id}.");
        }
        return TypedResults.Ok(await LoadAsync(db.Set<Shipment>().Where(s => s.OrderId == id), db, withAddress: false, ct));
    }

    public static async Task<Results<Ok<List<ShipmentView>>, ProblemHttpResult>> AdminAsync(string? status, Guid? orderId, int? skip, int? take, OrderlyDbContext db, CancellationToken ct)
    {
        var query = db.Set<Shipment>().AsQueryable();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ShipmentStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
            {
                return Problems.Validation([new ValidationError("status", "must be one of: packing, shipped, delivered.")]);
            }
            query = query.Where(s => s.Status == wanted);
        }
        if (orderId is { } order)
        {
            query = query.Where(s => s.OrderId == order);
        }
        query = query.OrderByDescending(s => s.CreatedAt).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500));
        return TypedResults.Ok(await LoadAsync(query, db, withAddress: true, ct));
    }

    public static async Task<List<ShipmentView>> LoadAsync(IQueryable<Shipment> query, OrderlyDbContext db, bool withAddress, CancellationToken ct)
    {
        var shipments = await query.AsNoTracking().Include(s => s.Lines).ToListAsync(ct);
        var ids = shipments.Select(s => s.Id).ToList();
        var orderIds = shipments.Select(s => s.OrderId).ToList();
        var events = (await db.Set<TrackingEvent>().AsNoTracking().Where(e => ids.Contains(e.ShipmentId)).OrderBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.ShipmentId);
        var addresses = await db.Set<ShippingAddress>().AsNoTracking().Where(a => orderIds.Contains(a.OrderId)).ToDictionaryAsync(a => a.OrderId, ct);
        return shipments.Select(s => ShipmentView.From(s, addresses.GetValueOrDefault(s.OrderId), events[s.Id], withAddress)).ToList();
    }
}
