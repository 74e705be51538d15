using Microsoft.AspNetCore.Mvc;
using Orderly.Checkout.Coupons;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// <c>POST /cart/coupon</c> (code; or remove=1): the cart page's coupon form. A code is kept on the
/// cart only when it gives a discount on the cart now; otherwise the cart page says why
/// (<c>?coupon_error=</c>). Checkout counts the use when the order is placed.
/// </summary>
internal static class ApplyCartCoupon
{
    internal sealed class Handler(CartIdentity carts, ShowCart.Handler showCart, CouponLedger coupons, OrderlyDbContext db, TimeProvider time)
    {
        /// <summary>Null when applied (or removed); else the refusal's reason (unknown, expired, used_up, minimum_not_reached, currency, empty).</summary>
        public async Task<string?> HandleAsync(HttpContext http, string? code, bool remove, CancellationToken ct)
        {
            if (await carts.FindAsync(http, ct) is not { } cart)
            {
                return remove ? null : "empty";
            }
            var now = time.GetUtcNow().UtcDateTime;
            if (remove)
            {
                cart.CouponCode = null;
                cart.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                return null;
            }
            var view = await showCart.HandleAsync(http, ct);
            if (view.Subtotal is not { } subtotal)
            {
                return "empty";
            }
            if (await coupons.CheckAsync(code, subtotal, now, ct) is CouponLedger.Check.Refused refused)
            {
                return refused.Reason;
            }
            cart.CouponCode = Coupon.Normalize(code);
            cart.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return null;
        }
    }

    public static async Task<IResult> EndpointAsync([FromForm] string? code, [FromForm] string? remove, HttpContext http, Handler handler, CancellationToken ct)
    {
        var normalized = Coupon.Normalize(code);
        return await handler.HandleAsync(http, normalized, remove is { Length: > 0 }, ct) is { } reason
            ? TypedResults.Redirect($"/cart?coupon_error={Uri.EscapeDataString(reason)}&code={Uri.EscapeDataString(normalized.Length > Coupon.MaxCode ? normalized[..Coupon.MaxCode] : normalized)}")
            : TypedResults.Redirect("/cart");
    }
}
