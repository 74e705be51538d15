using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Checkout.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// Brings a WooCommerce order's state into the link table, in one transaction: the first sight of a
/// Woo order creates its Orderly order through <see cref="IExternalCheckout"/> (unless the order-pay
/// route created the Woo order for an existing Orderly order, named by <c>orderly_order_id</c>); an
/// update older than the newest applied (<c>date_modified_gmt</c>) changes nothing, so deliveries may
/// arrive in any order. What the status means for payment is recorded afterwards by the caller.
/// </summary>
internal sealed class MirrorWooOrder(OrderlyDbContext db, IExternalCheckout checkout, IOrderBook orders, IAuditLog audit, TimeProvider time)
{
    public abstract record Result
    {
        public sealed record Apply(Guid OrderId) : Result;
        public sealed record Stale(Guid OrderId) : Result;
        public sealed record NotMirrored(string Reason) : Result;
    }

    private const int MaxRounds = 3;

    public async Task<Result> RunAsync(string store, WooOrder order, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            var result = await TryAsync(store, order, ct);
            if (result is null && round < MaxRounds)
            {
                continue;
            }
            if (result is Result.NotMirrored refused)
            {
                if (refused.Reason == "stock_changed" && round < MaxRounds)
                {
                    continue;
                }
                await AuditRefusalAsync(order, refused.Reason, ct);
            }
            return result ?? throw new InvalidOperationException($"WooCommerce order {order.Id} could not be linked after {MaxRounds} attempts.");
        }
    }

    /// <summary>One attempt in its own transaction; null when a concurrent delivery linked the order first.</summary>
    private async Task<Result?> TryAsync(string store, WooOrder order, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        try
        {
            var result = await DecideAsync(store, order, ct);
            if (result is Result.NotMirrored)
            {
                // A refused checkout may have written part of an order: none of it stays.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return result;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same Woo order linked it first (unique index): read it again.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private async Task<Result> DecideAsync(string store, WooOrder order, CancellationToken ct)
    {
        var link = await db.Set<WooOrderLink>().SingleOrDefaultAsync(l => l.Store == store && l.WooOrderId == order.Id, ct);
        if (link is null && order.OrderlyOrderId is { } routed)
        {
            // Created by the order-pay route: the link may name the store by its configured address.
            link = await db.Set<WooOrderLink>().SingleOrDefaultAsync(l => l.OrderId == routed && l.WooOrderId == order.Id, ct);
        }
        if (link is not null && link.LastModifiedGmt > order.ModifiedGmt)
        {
            return new Result.Stale(link.OrderId);
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (link is null)
        {
            var (orderId, refusal) = order.OrderlyOrderId is { } id && await orders.FindAsync(id, ct) is not null ? (id, null) : await PlaceAsync(order, ct);
            if (orderId is null)
            {
                return new Result.NotMirrored(refusal!);
            }
            link = new WooOrderLink { Id = Guid.CreateVersion7(time.GetUtcNow()), Store = store, WooOrderId = order.Id, OrderId = orderId.Value, CreatedAt = now };
            db.Set<WooOrderLink>().Add(link);
            orders.Note(orderId.Value, "woocommerce_linked", $"WooCommerce order {order.Id}");
        }
        link.LastModifiedGmt = order.ModifiedGmt;
        link.LastStatusSeen = order.Status;
        return new Result.Apply(link.OrderId);
    }

    private async Task<(Guid? OrderId, string? Refusal)> PlaceAsync(WooOrder order, CancellationToken ct)
    {
        var outcome = await checkout.PlaceAsync(new ExternalOrder(order.Email, order.Lines.Select(l => new ExternalOrderLine(l.Sku, l.Quantity)).ToList(), PaymentMethods.WooCommerce), ct);
        if (outcome is ExternalOrderOutcome.Placed placed)
        {
            audit.Append("WooOrderMirrored", placed.OrderId, "woocommerce", new { wooOrderId = order.Id, total = placed.Total.Amount, placed.Total.Currency });
            return (placed.OrderId, null);
        }
        return (null, outcome switch
        {
            ExternalOrderOutcome.UnknownProducts => "unknown_sku",
            ExternalOrderOutcome.InsufficientStock => "insufficient_stock",
            ExternalOrderOutcome.StockChanged => "stock_changed",
            ExternalOrderOutcome.Refused r => r.Code,
            _ => "refused",
        });
    }

    private async Task AuditRefusalAsync(WooOrder order, string reason, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        audit.Append("WooOrderNotMirrored", null, "woocommerce", new { wooOrderId = order.Id, reason, skus = order.Lines.Select(l => l.Sku) });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
