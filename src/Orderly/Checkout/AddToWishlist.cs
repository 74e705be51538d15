using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary><c>POST /wishlist/add</c> (form: sku, returnUrl): back with <c>?wished=SKU</c> or <c>?cart_error=...</c>.</summary>
internal static class AddToWishlist
{
    /// <summary>As many as a cart: a wishlist is a list to come back to, not a catalog copy.</summary>
    public const int MaxItems = PlaceOrder.MaxLines;

    internal sealed class Handler(CartIdentity carts, IProductCatalog catalog, OrderlyDbContext db, TimeProvider time)
    {
        /// <summary>Null when added (or already there), else the refusal code.</summary>
        public async Task<string?> HandleAsync(HttpContext http, string? sku, CancellationToken ct)
        {
            sku = sku?.Trim();
            if (string.IsNullOrEmpty(sku) || sku.Length > 64 || await catalog.FindBySkuAsync(sku, ct) is null)
            {
                return "unknown_product";
            }
            var cart = await carts.EnsureAsync(http, ct);
            var skus = await db.Set<WishlistItem>().Where(w => w.CartId == cart.Id).Select(w => w.Sku).ToListAsync(ct);
            if (skus.Contains(sku, StringComparer.Ordinal))
            {
                return null;
            }
            if (skus.Count >= MaxItems)
            {
                return "wishlist_full";
            }
            db.Add(new WishlistItem { CartId = cart.Id, Sku = sku, AddedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
            return null;
        }
    }

    public static async Task<IResult> EndpointAsync([FromForm] string? sku, [FromForm] string? returnUrl, HttpContext http, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(http, sku, ct) is { } refused
            ? AddToCart.Back(returnUrl, "/wishlist", "cart_error", refused)
            : AddToCart.Back(returnUrl, "/wishlist", "wished", sku!.Trim());
}
