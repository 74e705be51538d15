using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>A buyer's order history and one of their orders (the account pages, the data export).</summary>
internal sealed class ListBuyerOrders(OrderlyDbContext db) : IBuyerOrders
{
    public async Task<BuyerOrderPage> ListAsync(string email, int skip, int take, CancellationToken cancellationToken)
    {
        var query = Mine(email);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(o => new BuyerOrderSummary(o.Id, o.Status, o.TotalAmount, o.Currency, o.PlacedAt, o.Lines.Sum(l => l.Quantity), o.IsTest))
            .ToListAsync(cancellationToken);
        return new BuyerOrderPage(page, total);
    }

    public async Task<BuyerOrderDetail?> FindAsync(string email, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await Mine(email).Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var timeline = await db.Set<TimelineEntry>().AsNoTracking().Where(t => t.OrderId == orderId && t.Event != OrderStatusMover.RefusedEvent)
            .OrderBy(t => t.Id).Select(t => new BuyerTimelineStep(t.Status, t.Event, t.Detail, t.At)).ToListAsync(cancellationToken);
        var refunds = await db.Set<OrderRefund>().AsNoTracking().Where(r => r.OrderId == orderId && r.Outcome == "applied").OrderBy(r => r.At)
            .Select(r => new BuyerRefund(r.Amount, r.Reason, r.At)).ToListAsync(cancellationToken);
        var request = await db.Set<RefundRequest>().AsNoTracking().Where(r => r.OrderId == orderId).OrderByDescending(r => r.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new BuyerOrderDetail(order.Id, order.Email, order.Status, order.TotalAmount, order.RefundedAmount, order.Currency, order.PlacedAt,
            order.PaidAt, order.CompletedAt, order.PaymentMethod, order.IsTest,
            order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal)
                .Select(l => new BuyerOrderLine(l.Id, l.Sku, l.ProductName, l.Kind, l.Quantity, l.UnitPriceAmount, l.RefundedQuantity)).ToList(),
            timeline, refunds, request?.ToView(), order.Totals(), await BillingDetailsOf.FindAsync(db, orderId, cancellationToken));
    }

    private IQueryable<Order> Mine(string email)
    {
        return db.Set<Order>().AsNoTracking().OfBuyer(email);
    }
}
