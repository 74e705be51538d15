using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>The wishlist as its page shows it: newest first, each with its product (null when no longer sold).</summary>
internal static class ShowWishlist
{
    public sealed record Item(string Sku, ProductInfo? Product, DateTime AddedAt);

    internal sealed class Handler(CartIdentity carts, IProductCatalog catalog, OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(HttpContext http, CancellationToken ct)
        {
            if (await carts.FindAsync(http, ct) is not { } cart)
            {
                return [];
            }
            var items = await db.Set<WishlistItem>().AsNoTracking().Where(w => w.CartId == cart.Id).OrderByDescending(w => w.AddedAt).ToListAsync(ct);
            var products = items.Count == 0 ? [] : (await catalog.FindBySkusAsync(items.Select(i => i.Sku).ToList(), ct)).ToDictionary(p => p.Sku, StringComparer.Ordinal);
            return items.Select(i => new Item(i.Sku, products.GetValueOrDefault(i.Sku), i.AddedAt)).ToList();
        }
    }
}
