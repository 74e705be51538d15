using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// Money went back to the buyer (a refund made here, or one a provider reports): takes back what
/// the refunded units gave, in one transaction. Codes are revoked (burnt when seen, back to the pool
/// when never revealed and the product allows it; stock follows), their licenses revoked, library
/// entries and download grants marked revoked; the order moves to PartiallyRefunded or Refunded and
/// <see cref="OrderRefunded"/> is published. Applied once per provider refund id.
/// </summary>
internal sealed class ApplyRefund(
    OrderlyDbContext db,
    OrderStatusMover mover,
    IKeyRevocation keys,
    ICodeRefundPolicy policy,
    IStockReturns stock,
    IStockLedger ledger,
    ILicenses licenses,
    ILibraryRevocation library,
    IOutbox outbox,
    IAuditLog audit,
    TimeProvider time) : IMessageHandler<PaymentRefunded>
{
    public async Task HandleAsync(PaymentRefunded message, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await LockedOrder.LockAsync(db, message.OrderId, cancellationToken);
        if (order is null
            || await db.Set<OrderRefund>().AnyAsync(r => r.Provider == message.Provider && r.ProviderRefundId == message.ProviderRefundId, cancellationToken))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "refund" : message.Reason;
        var refund = new OrderRefund
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            OrderId = order.Id,
            Provider = message.Provider,
            ProviderRefundId = message.ProviderRefundId,
            Amount = message.Amount,
            Currency = message.Currency,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            Outcome = "applied",
            At = now,
        };
        db.Set<OrderRefund>().Add(refund);
        order.RefundedAmount = Math.Min(order.TotalAmount, order.RefundedAmount + message.Amount);

        // Everything paid is back: every unit goes, whatever lines the report named.
        var everything = order.RefundedAmount >= order.TotalAmount;
        var named = everything ? null : message.OrderLineIds;
        var candidates = order.Lines.Where(l => named is null || named.Contains(l.Id))
            .Select(l => l.Refundable(order.PricesIncludeTax)).ToList();
        var units = string.Equals(message.Currency, order.Currency, StringComparison.OrdinalIgnoreCase)
            ? RefundPlan.Units(candidates, everything ? long.MaxValue : message.Amount, named)
            : null;
        if (units is null || units.Count == 0)
        {
            refund.Outcome = "unmatched";
            var detail = $"{message.Amount / 100m:0.00} {message.Currency} via {message.Provider} matches no whole units: nothing revoked, decide by hand";
            if (!mover.Move(order, OrderStatus.OnHold, "refund_unmatched", detail))
            {
                mover.Note(order.Id, "refund_unmatched", detail);
            }
            audit.Append("RefundUnmatched", order.Id, message.Provider, new { refundId = message.ProviderRefundId, message.Amount, message.Currency });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var refundedLines = new List<RefundedLine>();
        var wholeLines = new List<Guid>();
        var revokedKeys = new List<Guid>();
        foreach (var line in order.Lines.Where(l => units.ContainsKey(l.Id)).OrderBy(l => l.Sku))
        {
            var quantity = units[line.Id];
            var revoked = await keys.RevokeAsync(line.Id, quantity, await policy.ReturnsUnrevealedCodesAsync(line.ProductId, cancellationToken), cancellationToken);
            await stock.ReturnAsync(line.ProductId, revoked.Returned, cancellationToken);
            line.RefundedQuantity += quantity;
            if (line.QuantityLeft == 0)
            {
                wholeLines.Add(line.Id);
            }
            revokedKeys.AddRange(revoked.KeyIds);
            refundedLines.Add(new RefundedLine(line.Id, line.ProductId, line.Sku, quantity, revoked.KeyIds));
        }
        await licenses.RevokeForKeysAsync(revokedKeys, $"refund: {reason}", cancellationToken);
        await licenses.RevokeForOrderLinesAsync(wholeLines, $"refund: {reason}", cancellationToken);
        await library.RevokeAsync(revokedKeys, wholeLines, cancellationToken);

        var full = order.Lines.All(l => l.QuantityLeft == 0);
        if (full && order.FulfilledAt is null)
        {
            // Refunded before fulfillment took the stock: the reservation goes back.
            await ledger.ReleaseReservationsAsync(order.Id, cancellationToken);
        }
        refund.Summary = string.Join(", ", refundedLines.Select(l => $"{l.Quantity}× {l.Sku}"));
        var summary = $"{message.Amount / 100m:0.00} {message.Currency} via {message.Provider}: {refund.Summary}; {revokedKeys.Count} code(s) revoked";
        mover.Move(order, full ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded, "refunded", summary);
        outbox.Enqueue(new OrderRefunded(order.Id, message.Amount, message.Currency, refund.Reason, now, refund.Id, refundedLines, full));
        audit.Append("OrderRefunded", order.Id, message.Provider, new
        {
            refundId = refund.Id, providerRefundId = message.ProviderRefundId, message.Amount, message.Currency, full,
            lines = refundedLines.Select(l => new { l.OrderLineId, l.Sku, l.Quantity, codes = l.KeyIds.Count }),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
