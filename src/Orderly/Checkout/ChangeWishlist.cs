using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary><c>POST /wishlist/remove</c> and <c>POST /wishlist/move</c> (sku): the wishlist page's buttons; moving puts one in the cart.</summary>
internal static class ChangeWishlist
{
    internal sealed class Handler(CartIdentity carts, AddToCart.Handler addToCart, OrderlyDbContext db)
    {
        public async Task RemoveAsync(HttpContext http, string? sku, CancellationToken ct)
        {
            if (await carts.FindAsync(http, ct) is { } cart && await db.Set<WishlistItem>().FirstOrDefaultAsync(w => w.CartId == cart.Id && w.Sku == sku, ct) is { } item)
            {
                db.Remove(item);
                await db.SaveChangesAsync(ct);
            }
        }

        /// <summary>Into the cart (one item), then off the wishlist; the refusal code when the cart refuses.</summary>
        public async Task<string?> MoveToCartAsync(HttpContext http, string? sku, CancellationToken ct)
        {
            if (await addToCart.HandleAsync(http, sku, 1, ct) is AddToCart.Outcome.Refused refused)
            {
                return refused.Code;
            }
            await RemoveAsync(http, sku, ct);
            return null;
        }
    }

    public static async Task<IResult> RemoveEndpointAsync([FromForm] string? sku, HttpContext http, Handler handler, CancellationToken ct)
    {
        await handler.RemoveAsync(http, sku, ct);
        return TypedResults.Redirect("/wishlist");
    }

    public static async Task<IResult> MoveEndpointAsync([FromForm] string? sku, HttpContext http, Handler handler, CancellationToken ct) =>
        await handler.MoveToCartAsync(http, sku, ct) is { } refused
            ? TypedResults.Redirect($"/wishlist?cart_error={Uri.EscapeDataString(refused)}")
            : AddToCart.Back("/cart", "/cart", "added", sku!.Trim());
}
