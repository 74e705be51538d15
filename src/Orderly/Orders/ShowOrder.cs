using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>The staff order page's read: everything <see cref="GetOrder"/> gives staff, plus the order's shipments, refund requests and invoice number.</summary>
internal static class ShowOrder
{
    public sealed record Shipment(Guid Id, DateTime CreatedAt, DateTime? DeliveredAt);

    public sealed record Details(GetOrder.OrderResponse Order, IReadOnlyList<Shipment> Shipments,
        IReadOnlyList<ListRefundRequests.RefundRequestItem> RefundRequests, string? InvoiceNumber, Contracts.BillingDetails? Billing = null);

    internal sealed class Handler(OrderlyDbContext db, ListRefundRequests.Handler requests)
    {
        public async Task<Details?> HandleAsync(Guid id, CancellationToken ct)
        {
            if ((await GetOrder.AdminAsync(id, db, ct)).Result is not Ok<GetOrder.OrderResponse> { Value: { } order })
            {
                return null;
            }
            var shipments = await db.Set<OrderShipment>().AsNoTracking().Where(s => s.OrderId == id).OrderBy(s => s.CreatedAt)
                .Select(s => new Shipment(s.ShipmentId, s.CreatedAt, s.DeliveredAt)).ToListAsync(ct);
            var invoice = await db.Set<Invoice>().AsNoTracking().Where(i => i.OrderId == id).Select(i => new { i.Series, i.Number }).FirstOrDefaultAsync(ct);
            return new Details(order, shipments, await requests.ForOrderAsync(id, ct), invoice is null ? null : Invoice.Format(invoice.Series, invoice.Number),
                await BillingDetailsOf.FindAsync(db, id, ct));
        }
    }
}
