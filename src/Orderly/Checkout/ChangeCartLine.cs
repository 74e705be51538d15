using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary><c>POST /cart/update</c> (sku, quantity; 0 removes) and <c>POST /cart/remove</c> (sku): the cart page's line forms.</summary>
internal static class ChangeCartLine
{
    internal sealed class Handler(CartIdentity carts, OrderlyDbContext db, TimeProvider time)
    {
        /// <summary>Sets the line's quantity (0 removes it); false when the quantity is out of range.</summary>
        public async Task<bool> HandleAsync(HttpContext http, string? sku, int quantity, CancellationToken ct)
        {
            if (quantity is < 0 or > PlaceOrder.MaxQuantity)
            {
                return false;
            }
            if (await carts.FindAsync(http, ct) is not { } cart
                || await db.Set<CartLine>().FirstOrDefaultAsync(l => l.CartId == cart.Id && l.Sku == sku, ct) is not { } line)
            {
                return true; // nothing to change: the line is already gone (a second tab, a double click)
            }
            if (quantity == 0)
            {
                db.Remove(line);
            }
            else
            {
                line.Quantity = quantity;
            }
            cart.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return true;
        }
    }

    public static async Task<IResult> UpdateAsync([FromForm] string? sku, [FromForm] int? quantity, HttpContext http, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(http, sku, quantity ?? -1, ct) ? TypedResults.Redirect("/cart") : TypedResults.Redirect("/cart?cart_error=quantity");

    public static async Task<IResult> RemoveAsync([FromForm] string? sku, HttpContext http, Handler handler, CancellationToken ct)
    {
        await handler.HandleAsync(http, sku, 0, ct);
        return TypedResults.Redirect("/cart");
    }
}
