using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The printable invoice of a paid order: <c>/account/orders/{id}/invoice</c> (the buyer's own
/// orders only) and <c>/admin/orders/{id}/invoice</c>. An unpaid order has none.
/// </summary>
public static class ShowInvoice
{
    public sealed record Seller(string Name, string Address, string VatId);

    public sealed record Line(string Sku, string ProductName, int Quantity, long UnitPriceAmount, int RefundedQuantity)
    {
        public long Total => UnitPriceAmount * Quantity;
    }

    public sealed record Refund(long Amount, string? Reason, DateTime At);

    public sealed record InvoiceView(string Number, DateTime IssuedAt, Guid OrderId, string Email, DateTime PlacedAt, DateTime PaidAt, string PaymentMethod,
        bool IsTest, string Currency, IReadOnlyList<Line> Lines, long TotalAmount, long RefundedAmount, IReadOnlyList<Refund> Refunds, Seller Seller,
        OrderTotals Totals, BillingDetails? Billing = null);

    public abstract record Outcome
    {
        public sealed record Found(InvoiceView Invoice) : Outcome;
        /// <summary>No such order (or, for a buyer, not theirs).</summary>
        public sealed record NotFound : Outcome;
        /// <summary>The order exists but has no invoice: it is not paid.</summary>
        public sealed record NotInvoiced : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IssueInvoice issue, IOptions<InvoiceOptions> options, TimeProvider time)
    {
        /// <param name="buyerEmail">The signed-in buyer's address (their orders only); null for staff.</param>
        public async Task<Outcome> HandleAsync(Guid orderId, string? buyerEmail, CancellationToken ct)
        {
            var orders = db.Set<Order>().AsNoTracking().Include(o => o.Lines).Where(o => o.Id == orderId);
            if (buyerEmail is not null)
            {
                orders = orders.OfBuyer(buyerEmail);
            }
            var order = await orders.FirstOrDefaultAsync(ct);
            if (order is null)
            {
                return new Outcome.NotFound();
            }
            if (order.PaidAt is not { } paidAt)
            {
                return new Outcome.NotInvoiced();
            }
            var invoice = await db.Set<Invoice>().AsNoTracking().FirstOrDefaultAsync(i => i.OrderId == orderId, ct) ?? await IssueAsync(order, ct);
            var refunds = await db.Set<OrderRefund>().AsNoTracking().Where(r => r.OrderId == orderId && r.Outcome == "applied").OrderBy(r => r.At)
                .Select(r => new Refund(r.Amount, r.Reason, r.At)).ToListAsync(ct);
            var seller = options.Value;
            return new Outcome.Found(new InvoiceView(Invoice.Format(invoice.Series, invoice.Number), invoice.IssuedAt, order.Id, order.Email, order.PlacedAt, paidAt,
                order.PaymentMethod, order.IsTest, order.Currency,
                order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new Line(l.Sku, l.ProductName, l.Quantity, l.UnitPriceAmount, l.RefundedQuantity)).ToList(),
                order.TotalAmount, order.RefundedAmount, refunds, new Seller(seller.SellerName, seller.SellerAddress, seller.SellerVatId), order.Totals(),
                await BillingDetailsOf.FindAsync(db, orderId, ct)));
        }

        /// <summary>
        /// The paid order's invoice is issued the first time it is asked for, in a short write
        /// transaction of its own (ADR 0024): the counter row is the store's one hot row, and holding
        /// it in the payment handlers serialized every payment on every instance. Two first views at
        /// once: the loser's insert hits the order-id key, its bump rolls back, it reads the winner's.
        /// </summary>
        private async Task<Invoice> IssueAsync(Order order, CancellationToken ct)
        {
            try
            {
                await using var transaction = await db.BeginWriteAsync(ct);
                var issued = await issue.AssignAsync(order.Id, order.IsTest, time.GetUtcNow().UtcDateTime, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return issued;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return await db.Set<Invoice>().AsNoTracking().SingleAsync(i => i.OrderId == order.Id, ct);
            }
        }
    }
}
