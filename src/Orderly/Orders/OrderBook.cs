using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

internal sealed class OrderBook(OrderlyDbContext db, TimeProvider time) : IOrderBook
{
    public void Add(NewOrder order, DateTime placedAt)
    {
        var totals = order.Totals ?? OrderTotals.LinesOnly(new(order.Lines.Sum(l => checked(l.UnitPriceAmount * l.Quantity)), order.Currency));
        var entity = new Order
        {
            Id = order.Id,
            Email = order.Email,
            Currency = order.Currency,
            Status = OrderStatus.Pending,
            PaymentMethod = order.PaymentMethod,
            IsTest = order.IsTest,
            PlacedAt = placedAt,
            ReservationExpiresAt = order.ReservationExpiresAt,
            TotalAmount = totals.Total.Amount,
            SubtotalAmount = totals.Subtotal.Amount,
            DiscountAmount = totals.Discount.Amount,
            ShippingAmount = totals.Shipping.Amount,
            TaxAmount = totals.Tax.Amount,
            TaxRate = totals.TaxRate,
            PricesIncludeTax = totals.PricesIncludeTax,
            CouponCode = totals.CouponCode,
            Lines = order.Lines.Select(l => new OrderLine
            {
                Id = l.Id,
                OrderId = order.Id,
                ProductId = l.ProductId,
                Sku = l.Sku,
                ProductName = l.ProductName,
                Kind = l.Kind,
                Delivery = l.Delivery,
                Quantity = l.Quantity,
                UnitPriceAmount = l.UnitPriceAmount,
                DiscountAmount = l.DiscountAmount,
                TaxAmount = l.TaxAmount,
            }).ToList(),
        };
        db.Set<Order>().Add(entity);
        if (order.Billing is { } b)
        {
            db.Set<OrderBilling>().Add(new OrderBilling
            {
                OrderId = order.Id, Name = b.Name, Company = b.Company, VatId = b.VatId, Line1 = b.Line1, Line2 = b.Line2, City = b.City, PostalCode = b.PostalCode, Country = b.Country,
            });
        }
        db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = order.Id, At = placedAt, Status = OrderStatus.Pending, Event = "order_placed" });
    }

    public async Task<OrderView?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        return order?.ToView();
    }

    public async Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken) =>
        (await db.Set<Order>().AsNoTracking().Where(o => orderIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken)).ToHashSet();

    public void Note(Guid orderId, string eventName, string? detail = null) =>
        db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = orderId, At = time.GetUtcNow().UtcDateTime, Event = eventName, Detail = detail });
}

internal static class OrderMapping
{
    public static OrderView ToView(this Order o) => new(o.Id, o.Email, o.Status, o.TotalAmount, o.Currency, o.PlacedAt,
        o.Lines.OrderBy(l => l.Sku).Select(l => new OrderLineView(l.Id, l.ProductId, l.Sku, l.ProductName, l.Kind, l.Delivery, l.Quantity, l.UnitPriceAmount)).ToList(),
        o.PaymentMethod, o.IsTest, o.Totals());

    /// <summary>
    /// The order's totals. Orders placed before totals were recorded have no subtotal: their lines'
    /// sum was their total.
    /// </summary>
    public static OrderTotals Totals(this Order o)
    {
        var subtotal = o.SubtotalAmount != 0 ? o.SubtotalAmount : o.Lines.Count > 0 ? o.Lines.Sum(l => l.UnitPriceAmount * l.Quantity) : o.TotalAmount;
        return new(new(subtotal, o.Currency), new(o.DiscountAmount, o.Currency), new(o.ShippingAmount, o.Currency), new(o.TaxAmount, o.Currency),
            new(o.TotalAmount, o.Currency), o.CouponCode, o.PricesIncludeTax, o.TaxRate);
    }
}
