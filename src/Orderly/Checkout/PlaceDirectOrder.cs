using Orderly.Catalog.Contracts;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// <see cref="IDirectCheckout"/>: the same rules and writes as <see cref="PlaceOrder"/>, one order at
/// a time in the caller's transaction instead of a group commit of its own.
/// </summary>
internal sealed class PlaceDirectOrder(OrderlyDbContext db, IProductCatalog catalog, IStockLedger ledger, PlaceOrder.Writer writer, TimeProvider time) : IDirectCheckout
{
    public async Task<DirectOrderOutcome> PlaceAsync(DirectOrder order, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("IDirectCheckout.PlaceAsync runs inside the caller's write transaction.");
        }
        var product = await catalog.FindBySkuAsync(order.Sku, cancellationToken);
        if (product is null)
        {
            return new DirectOrderOutcome.UnknownProduct(order.Sku);
        }
        if (product.Kind == ProductKind.Physical)
        {
            // A direct order carries no shipping address, so nothing could be shipped.
            return new DirectOrderOutcome.Refused("checkout.shipping_unavailable", $"'{product.Sku}' is a physical product; orders placed here take no shipping address.");
        }
        if (PlaceOrder.Unsellable(product) is { } refusal)
        {
            return new DirectOrderOutcome.Refused(refusal.Code, refusal.Detail);
        }
        var now = time.GetUtcNow();
        var line = new NewOrderLine(Guid.CreateVersion7(now), product.Id, product.Sku, product.Name, product.Kind, product.Delivery, order.Quantity, product.Price.Amount);
        var draft = new OrderDraft(Guid.CreateVersion7(now), order.Email, product.Price.Times(order.Quantity), [line], now.UtcDateTime, PaymentMethods.ResellerWallet);

        return await PlaceExternalOrder.ReserveAndWriteAsync(db, ledger, writer, draft, cancellationToken) switch
        {
            ReserveOutcome.InsufficientStock shortage => new DirectOrderOutcome.InsufficientStock(shortage.Sku, shortage.Requested, shortage.Available),
            null => new DirectOrderOutcome.StockChanged(),
            _ => new DirectOrderOutcome.Placed(draft.OrderId, product.Id, product.Sku, draft.Total),
        };
    }
}
