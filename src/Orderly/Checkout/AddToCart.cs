using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// <c>POST /cart/add</c> (form: sku, quantity, returnUrl): any page's "Add to cart" button. Back to
/// <c>returnUrl</c> with <c>?added=SKU</c>, or <c>?cart_error=...</c> when the cart refuses.
/// </summary>
internal static class AddToCart
{
    public abstract record Outcome
    {
        public sealed record Added(string Sku, int Quantity) : Outcome;
        public sealed record Refused(string Code) : Outcome;
    }

    /// <summary>Shopper-facing words for the refusal codes the cart pages show.</summary>
    public static string Explain(string? code) => code switch
    {
        "unknown_product" => "That product is not sold here.",
        "quantity" => $"Choose a quantity from 1 to {PlaceOrder.MaxQuantity}.",
        "wishlist_full" => $"A wishlist holds at most {AddToWishlist.MaxItems} products.",
        "cart_full" => $"A cart holds at most {PlaceOrder.MaxLines} different products. Check out or remove some first.",
        _ => "That did not work. Please try again.",
    };

    internal sealed class Handler(CartIdentity carts, IProductCatalog catalog, OrderlyDbContext db, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(HttpContext http, string? sku, int quantity, CancellationToken ct)
        {
            sku = sku?.Trim();
            if (quantity is < 1 or > PlaceOrder.MaxQuantity)
            {
                return new Outcome.Refused("quantity");
            }
            if (string.IsNullOrEmpty(sku) || sku.Length > 64 || await catalog.FindBySkuAsync(sku, ct) is null)
            {
                return new Outcome.Refused("unknown_product");
            }
            var cart = await carts.EnsureAsync(http, ct);
            var lines = await db.Set<CartLine>().Where(l => l.CartId == cart.Id).ToListAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            if (lines.FirstOrDefault(l => l.Sku == sku) is { } line)
            {
                // Adding again adds up, as in any shop, but never past the checkout's limit.
                line.Quantity = Math.Min(PlaceOrder.MaxQuantity, line.Quantity + quantity);
            }
            else if (lines.Count >= PlaceOrder.MaxLines)
            {
                return new Outcome.Refused("cart_full");
            }
            else
            {
                db.Add(new CartLine { CartId = cart.Id, Sku = sku, Quantity = quantity, AddedAt = now });
            }
            cart.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return new Outcome.Added(sku, quantity);
        }
    }

    public static async Task<IResult> EndpointAsync([FromForm] string? sku, [FromForm] int? quantity, [FromForm] string? returnUrl, HttpContext http, Handler handler,
        CancellationToken ct) =>
        await handler.HandleAsync(http, sku, quantity ?? 1, ct) switch
        {
            Outcome.Added a => Back(returnUrl, "/cart", "added", a.Sku),
            Outcome.Refused r => Back(returnUrl, "/cart", "cart_error", r.Code),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };

    /// <summary>A redirect to a local <paramref name="returnUrl"/> (else <paramref name="fallback"/>) carrying one query value.</summary>
    public static IResult Back(string? returnUrl, string fallback, string key, string value) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(LocalUrls.OrFallback(returnUrl, fallback), key, value));
}
