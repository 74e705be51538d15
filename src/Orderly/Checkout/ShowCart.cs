using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>The cart as its page shows it: each line priced from the catalog now, with what keeps it from checkout.</summary>
internal static class ShowCart
{
    /// <param name="Product">Null when the SKU is no longer in the catalog.</param>
    /// <param name="Problem">Why the line cannot be bought now, in a shopper's words; null when it can.</param>
    public sealed record Line(string Sku, int Quantity, ProductInfo? Product, Money? LineTotal, string? Problem);

    /// <param name="Subtotal">Null when the lines' currencies differ or no line is priced.</param>
    /// <param name="CouponCode">The coupon applied to the cart, if any.</param>
    public sealed record View(IReadOnlyList<Line> Lines, Money? Subtotal, bool HasPhysical, string? CouponCode = null)
    {
        public static readonly View Empty = new([], null, false);
        public int ItemCount => Lines.Sum(l => l.Quantity);
        public bool CanCheckout => Lines.Count > 0 && Subtotal is not null && Lines.All(l => l.Problem is null);
    }

    internal sealed class Handler(CartIdentity carts, IProductCatalog catalog, IStockLedger stock, OrderlyDbContext db)
    {
        public async Task<View> HandleAsync(HttpContext http, CancellationToken ct)
        {
            if (await carts.FindAsync(http, ct) is not { } cart)
            {
                return View.Empty;
            }
            var lines = await db.Set<CartLine>().AsNoTracking().Where(l => l.CartId == cart.Id).OrderBy(l => l.AddedAt).ThenBy(l => l.Sku).ToListAsync(ct);
            if (lines.Count == 0)
            {
                return View.Empty;
            }
            var products = (await catalog.FindBySkusAsync(lines.Select(l => l.Sku).ToList(), ct)).ToDictionary(p => p.Sku, StringComparer.Ordinal);
            var view = new List<Line>();
            foreach (var line in lines)
            {
                if (!products.TryGetValue(line.Sku, out var product))
                {
                    view.Add(new Line(line.Sku, line.Quantity, null, null, "This product is no longer sold. Remove it to check out."));
                    continue;
                }
                view.Add(new Line(line.Sku, line.Quantity, product, new Money(product.Price.Amount * line.Quantity, product.Price.Currency),
                    await StockProblemAsync(product, line.Quantity, ct) ?? (PlaceOrder.Unsellable(product) is not null ? "This product cannot be bought yet." : null)));
            }
            var currencies = view.Where(l => l.LineTotal is not null).Select(l => l.LineTotal!.Value.Currency).Distinct().ToList();
            var subtotal = currencies.Count == 1 ? (Money?)new Money(view.Where(l => l.LineTotal is not null).Sum(l => l.LineTotal!.Value.Amount), currencies[0]) : null;
            if (currencies.Count > 1)
            {
                view = view.Select(l => l.Problem is null && l.LineTotal is not null && l.LineTotal.Value.Currency != currencies[0]
                    ? l with { Problem = $"Priced in {l.LineTotal.Value.Currency}; one order has one currency. Buy it separately." } : l).ToList();
            }
            return new View(view, subtotal, view.Any(l => l.Product?.Kind == ProductKind.Physical), cart.CouponCode);
        }

        /// <summary>How many items the header's cart link shows (one cheap query).</summary>
        public async Task<int> CountAsync(HttpContext http, CancellationToken ct) =>
            await carts.FindAsync(http, ct) is { } cart ? await db.Set<CartLine>().Where(l => l.CartId == cart.Id).SumAsync(l => l.Quantity, ct) : 0;

        private async Task<string?> StockProblemAsync(ProductInfo product, int quantity, CancellationToken ct) =>
            await stock.GetLevelsAsync(product.Id, ct) switch
            {
                null or { Unlimited: true } => null,
                { Available: <= 0 } => "Out of stock.",
                { Available: var available } when available < quantity => $"Only {available} left: lower the quantity.",
                _ => null,
            };
    }
}
