using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Fulfillment;

/// <summary>
/// Turns a paid order into goods, in one transaction: the reservation becomes an allocation (or,
/// when it expired before the money came, stock is allocated afresh), each code line gets its codes
/// (pool or generator), each file line a download grant; every code assignment is audited; then
/// <see cref="OrderFulfilled"/> fans out to the delivery channels. If any line cannot be served,
/// nothing is taken (savepoint) and the order waits for stock instead.
/// </summary>
internal sealed class FulfillOrder(
    OrderlyDbContext db,
    IOrderBook orders,
    IProductCatalog catalog,
    IStockLedger ledger,
    IKeyAllocator keys,
    IFileGrants files,
    IOutbox outbox,
    IAuditLog audit,
    TimeProvider time) : IMessageHandler<FulfillmentRequested>
{
    private static readonly Meter Meter = new("Orderly.Fulfillment");
    private static readonly Counter<long> Fulfilled = Meter.CreateCounter<long>("orderly.orders.fulfilled");
    private static readonly Histogram<double> PaymentToFulfilled = Meter.CreateHistogram<double>("orderly.fulfillment.payment_to_fulfilled", "ms");

    public async Task HandleAsync(FulfillmentRequested message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await db.Set<FulfillmentJob>().FirstAsync(j => j.OrderId == message.OrderId, cancellationToken);
        if (job.FulfilledAt is not null)
        {
            return;
        }
        var order = await orders.FindAsync(message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {message.OrderId} does not exist.");
        if (order.Status is OrderStatus.Refunded or OrderStatus.Cancelled)
        {
            // Refunded (or cancelled) while it waited: nothing is owed any more.
            return;
        }

        if (job.PaidAmount < order.TotalAmount || !string.Equals(job.PaidCurrency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            job.BlockedReason = $"paid {job.PaidAmount} {job.PaidCurrency}, order total {order.TotalAmount} {order.Currency}";
            outbox.Enqueue(new FulfillmentOnHold(order.Id, "payment amount does not match the order total"));
            audit.Append("FulfillmentHeld", order.Id, "system", new { reason = job.BlockedReason });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("FulfillOrder runs inside the dispatcher's transaction.");
        await transaction.CreateSavepointAsync("allocation", cancellationToken);

        var products = (await catalog.FindByIdsAsync(order.Lines.Select(l => l.ProductId).Distinct().ToList(), cancellationToken)).ToDictionary(p => p.Id);
        var shortLine = await AllocateStockAsync(order, cancellationToken);
        var fulfilledLines = new List<FulfilledLine>();
        foreach (var line in order.Lines)
        {
            if (shortLine is not null)
            {
                break;
            }
            var product = products[line.ProductId];
            IReadOnlyList<Guid> keyIds = [];
            Guid? grantId = null;
            if (product.DeliversCodes)
            {
                var allocated = await keys.AllocateAsync(new KeyRequest(product.Id, product.KeySource == KeySource.Generator, product.KeyPattern, order.Id, line.Id, line.Quantity), cancellationToken);
                if (allocated is null)
                {
                    shortLine = line;
                    break;
                }
                keyIds = allocated;
                foreach (var keyId in keyIds)
                {
                    audit.Append("KeyAssigned", order.Id, "system", new { keyId, line.Sku, orderLineId = line.Id, test = order.IsTest });
                }
            }
            if (product.DeliversFile)
            {
                grantId = await files.GrantAsync(job.CustomerId!.Value, order.Id, line.Id, product.Id, cancellationToken);
                audit.Append("FileGranted", order.Id, "system", new { grantId, line.Sku, orderLineId = line.Id, test = order.IsTest });
            }
            fulfilledLines.Add(new FulfilledLine(line.Id, product.Id, line.Sku, line.ProductName, line.Quantity, keyIds, grantId));
        }

        if (shortLine is not null)
        {
            db.ChangeTracker.Clear();
            await transaction.RollbackToSavepointAsync("allocation", cancellationToken);
            var waiting = await db.Set<FulfillmentJob>().FirstAsync(j => j.OrderId == order.Id, cancellationToken);
            waiting.BlockedReason = $"awaiting stock: {shortLine.Sku}";
            // What ResumeAwaitingStock looks for when keys are imported or the retry worker runs.
            waiting.AwaitingProductId = shortLine.ProductId;
            waiting.AwaitingSince = time.GetUtcNow().UtcDateTime;
            outbox.Enqueue(new FulfillmentAwaitingStock(order.Id, shortLine.Sku));
            audit.Append("FulfillmentAwaitingStock", order.Id, "system", new { sku = shortLine.Sku });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        job.FulfilledAt = now;
        job.BlockedReason = null;
        job.AwaitingProductId = null;
        job.AwaitingSince = null;
        outbox.Enqueue(new OrderFulfilled(order.Id, job.CustomerId!.Value, job.Email ?? order.Email, fulfilledLines, now));
        await db.SaveChangesAsync(cancellationToken);
        Fulfilled.Add(1);
        if (job.PaymentConfirmedAt is { } paidAt)
        {
            PaymentToFulfilled.Record((now - paidAt).TotalMilliseconds);
        }
    }

    /// <summary>Returns the line that could not be allocated, or null when every line has its stock.</summary>
    private async Task<OrderLineView?> AllocateStockAsync(OrderView order, CancellationToken cancellationToken)
    {
        if (await ledger.CommitReservationsAsync(order.Id, cancellationToken))
        {
            return null;
        }
        // The reservation expired before the payment arrived: take the stock now if it is still there.
        foreach (var line in order.Lines)
        {
            if (!await ledger.AllocateAsync(order.Id, new StockRequest(line.ProductId, line.Sku, line.Quantity), cancellationToken))
            {
                return line;
            }
        }
        return null;
    }
}
