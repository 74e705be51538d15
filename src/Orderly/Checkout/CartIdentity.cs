using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// Which cart a request means. A guest's cart is named by a random 128-bit id in an HttpOnly,
/// SameSite=Lax cookie (unguessable, so the id alone is the right to see it); a signed-in user's
/// cart is the one tied to the user. The first request after sign-in takes the guest cart over:
/// its lines are merged into the user's cart, or the guest cart becomes the user's.
/// </summary>
internal sealed class CartIdentity(OrderlyDbContext db, TimeProvider time)
{
    public const string CookieName = "orderly.cart";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(60);

    /// <summary>The request's cart, or null when it has none yet (reading never creates one).</summary>
    public async Task<Cart?> FindAsync(HttpContext http, CancellationToken ct)
    {
        var userId = UserId(http);
        var guest = CookieId(http) is { } id ? await db.Set<Cart>().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (userId is null)
        {
            // After sign-out the cookie may still name the user's cart: a guest must not see it.
            return guest is { UserId: null } ? guest : null;
        }
        var own = await db.Set<Cart>().FirstOrDefaultAsync(c => c.UserId == userId, ct);
        if (guest is not { UserId: null })
        {
            return own;
        }
        if (own is null)
        {
            guest.UserId = userId;
            await db.SaveChangesAsync(ct);
            return guest;
        }
        await MergeAsync(guest, own, ct);
        return own;
    }

    /// <summary>The request's cart, created (and its cookie set) when there is none.</summary>
    public async Task<Cart> EnsureAsync(HttpContext http, CancellationToken ct)
    {
        if (await FindAsync(http, ct) is { } cart)
        {
            return cart;
        }
        var now = time.GetUtcNow().UtcDateTime;
        cart = new Cart { Id = new Guid(RandomNumberGenerator.GetBytes(16)), UserId = UserId(http), CreatedAt = now, UpdatedAt = now };
        db.Add(cart);
        await db.SaveChangesAsync(ct);
        if (cart.UserId is null)
        {
            http.Response.Cookies.Append(CookieName, cart.Id.ToString("N"), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/",
                Expires = time.GetUtcNow() + CookieLifetime,
            });
        }
        return cart;
    }

    private async Task MergeAsync(Cart guest, Cart own, CancellationToken ct)
    {
        var lines = await db.Set<CartLine>().Where(l => l.CartId == guest.Id || l.CartId == own.Id).ToListAsync(ct);
        var kept = lines.Where(l => l.CartId == own.Id).ToDictionary(l => l.Sku, StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.CartId == guest.Id))
        {
            if (kept.TryGetValue(line.Sku, out var existing))
            {
                existing.Quantity = Math.Min(PlaceOrder.MaxQuantity, existing.Quantity + line.Quantity);
            }
            else if (kept.Count < PlaceOrder.MaxLines)
            {
                var moved = new CartLine { CartId = own.Id, Sku = line.Sku, Quantity = line.Quantity, AddedAt = line.AddedAt };
                db.Add(moved);
                kept[line.Sku] = moved;
            }
        }
        var wished = await db.Set<WishlistItem>().Where(w => w.CartId == guest.Id || w.CartId == own.Id).ToListAsync(ct);
        var ownWishes = wished.Where(w => w.CartId == own.Id).Select(w => w.Sku).ToHashSet(StringComparer.Ordinal);
        foreach (var item in wished.Where(w => w.CartId == guest.Id && !ownWishes.Contains(w.Sku)))
        {
            db.Add(new WishlistItem { CartId = own.Id, Sku = item.Sku, AddedAt = item.AddedAt });
        }
        db.Remove(guest); // its lines and wishes go with it (cascade)
        own.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private static string? UserId(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static Guid? CookieId(HttpContext http) =>
        Guid.TryParseExact(http.Request.Cookies[CookieName], "N", out var id) ? id : null;
}
