using Orderly.Catalog.Contracts;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// <see cref="IExternalCheckout"/>: the rules of <see cref="PlaceOrder"/> (known, sellable products in
/// one currency; stock reserved) for an order another storefront took, in the caller's transaction.
/// </summary>
internal sealed class PlaceExternalOrder(OrderlyDbContext db, IProductCatalog catalog, IStockLedger ledger, PlaceOrder.Writer writer, TimeProvider time) : IExternalCheckout
{
    public async Task<ExternalOrderOutcome> PlaceAsync(ExternalOrder order, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("IExternalCheckout.PlaceAsync runs inside the caller's write transaction.");
        }
        var items = order.Lines.GroupBy(l => l.Sku.Trim(), StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        if (items.Count is 0 or > PlaceOrder.MaxLines || items.Any(i => i.Quantity is < 1 or > PlaceOrder.MaxQuantity * PlaceOrder.MaxLines))
        {
            return new ExternalOrderOutcome.Refused("checkout.invalid_lines", $"An order holds 1 to {PlaceOrder.MaxLines} lines of positive quantities.");
        }
        var products = (await catalog.FindRecentBySkusAsync(items.Select(i => i.Sku).ToList(), cancellationToken)).ToDictionary(p => p.Sku, StringComparer.Ordinal);
        var unknown = items.Where(i => !products.ContainsKey(i.Sku)).Select(i => i.Sku).ToList();
        if (unknown.Count > 0)
        {
            return new ExternalOrderOutcome.UnknownProducts(unknown);
        }
        if (items.Select(i => PlaceOrder.Unsellable(products[i.Sku])).FirstOrDefault(r => r is not null) is { } refusal)
        {
            return new ExternalOrderOutcome.Refused(refusal.Code, refusal.Detail);
        }
        if (items.Select(i => products[i.Sku].Price.Currency).Distinct().Count() > 1)
        {
            return new ExternalOrderOutcome.Refused("checkout.mixed_currencies", "One order has one currency.");
        }

        var now = time.GetUtcNow();
        var lines = items.Select(i => products[i.Sku]).Zip(items, (p, i) =>
            new NewOrderLine(Guid.CreateVersion7(now), p.Id, p.Sku, p.Name, p.Kind, p.Delivery, i.Quantity, p.Price.Amount)).ToList();
        var total = new Money(lines.Sum(l => checked(l.UnitPriceAmount * l.Quantity)), products[items[0].Sku].Price.Currency);
        var draft = new OrderDraft(Guid.CreateVersion7(now), order.Email, total, lines, now.UtcDateTime, order.PaymentMethod);

        return await ReserveAndWriteAsync(db, ledger, writer, draft, cancellationToken) switch
        {
            ReserveOutcome.InsufficientStock shortage => new ExternalOrderOutcome.InsufficientStock(shortage.Sku, shortage.Requested, shortage.Available),
            null => new ExternalOrderOutcome.StockChanged(),
            _ => new ExternalOrderOutcome.Placed(draft.OrderId, total),
        };
    }

    /// <summary>
    /// Reserves the draft's stock and writes the order in the caller's transaction: the reservation,
    /// <see cref="ReserveOutcome.InsufficientStock"/>, or null when stock changed between the read and
    /// the guarded update (roll back and place again).
    /// </summary>
    internal static async Task<ReserveOutcome?> ReserveAndWriteAsync(OrderlyDbContext db, IStockLedger ledger, PlaceOrder.Writer writer, OrderDraft draft, CancellationToken ct)
    {
        var prepared = await ledger.PrepareReservationsAsync([new StockOrder(draft.OrderId, draft.StockLines)], ct);
        if (prepared.Outcomes[0] is not ReserveOutcome.Reserved reserved)
        {
            return prepared.Outcomes[0];
        }
        writer.Write(draft, reserved.ExpiresAt);
        await db.SaveChangesAsync(ct);
        return await ledger.ApplyReservationsAsync(prepared, ct) ? reserved : null;
    }
}
