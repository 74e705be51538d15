using Microsoft.AspNetCore.DataProtection;

namespace Orderly.Checkout;

/// <summary>
/// The orders placed in this browser, kept in a data-protected cookie: the thank-you page shows
/// the buyer's own link (the library) only to the browser that placed the order, since an order
/// id alone travels in provider redirects and may be seen by others.
/// </summary>
internal sealed class BrowserOrders(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "orderly.orders";
    private const int Kept = 20;
    private readonly IDataProtector protector = protection.CreateProtector("Orderly.Checkout.BrowserOrders");

    public bool Placed(HttpContext http, Guid orderId) => Read(http).Contains(orderId);

    public void Remember(HttpContext http, Guid orderId)
    {
        var ids = Read(http).Where(id => id != orderId).Prepend(orderId).Take(Kept);
        http.Response.Cookies.Append(CookieName, protector.Protect(string.Join(',', ids)), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/",
            Expires = time.GetUtcNow().AddDays(90),
        });
    }

    private List<Guid> Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } value)
        {
            return [];
        }
        try
        {
            return protector.Unprotect(value).Split(',').Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return []; // a cookie from another key ring or tampered with: as if none
        }
    }
}
