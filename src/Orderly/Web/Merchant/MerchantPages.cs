using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Orderly.Accounts.Contracts;

namespace Orderly.Web.Merchant;

/// <summary>
/// What the merchant pages share. The merchant is always the signed-in user's own (their
/// <see cref="MerchantClaims.MerchantId"/> claim), never an id from the URL or a form, and every
/// handler the pages call filters by it.
/// </summary>
public static class MerchantPages
{
    /// <summary>The signed-in user's merchant, or null (not a merchant user).</summary>
    public static async Task<Guid?> MerchantIdAsync(Task<AuthenticationState>? state) =>
        state is not null && Guid.TryParse((await state).User.FindFirstValue(MerchantClaims.MerchantId), out var id) ? id : null;

    /// <summary>Who acts, for the audit log: "merchant:{id}:{e-mail}".</summary>
    public static async Task<string> ActorAsync(Task<AuthenticationState>? state, Guid merchantId) =>
        Reseller.ResellerActors.Merchant(merchantId, state is not null ? (await state).User.Identity?.Name ?? "?" : "?");

    /// <summary>EUR cents as "€1,234.50" (negative with a minus sign).</summary>
    public static string Eur(long minor) => (minor < 0 ? "−" : "") + WebPage.Price(new Hosting.Money(Math.Abs(minor), "EUR"));

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The badge class of an HTTP status: ok (2xx), warn (4xx), bad (5xx).</summary>
    public static string StatusBadge(int status) => status switch
    {
        < 300 => "badge ok",
        < 500 => "badge warn",
        _ => "badge bad",
    };

    public const string Gone = "Your merchant account no longer exists. Ask the shop to check it.";
}
