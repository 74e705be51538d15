using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Orderly.Hosting;
using Orderly.Reseller.Contracts;

namespace Orderly.Web.Store;

/// <summary>
/// The currency a shopper reads prices in. Display only: the shop charges in the product's
/// currency, and the converted amount ("≈ US$ 12.34") uses the latest recorded rate.
/// </summary>
/// <param name="Chosen">The shopper's pick, or null for the store's own prices (no conversion).</param>
/// <param name="Offered">EUR and every currency with a recorded rate.</param>
public sealed record ShopperCurrency(string? Chosen, IReadOnlyList<string> Offered, IReadOnlyList<ExchangeRate> Rates)
{
    /// <summary>The price in the chosen currency, or null when there is nothing to convert (or no rate to do it with).</summary>
    public Money? Convert(Money price) =>
        Chosen is null || Chosen == price.Currency || CurrencyConversion.Convert(price.Amount, price.Currency, Chosen, Rates) is not { } amount
            ? null
            : new Money(amount, Chosen);

    /// <summary>"Charged in EUR. Rate 1 USD = 0.92 EUR as of 20 Nov 2026 (ECB)", or null when prices are shown as charged.</summary>
    public string? Note(string charged)
    {
        if (Chosen is null || Chosen == charged)
        {
            return null;
        }
        var used = Rates.Where(r => r.Currency == Chosen || r.Currency == charged).OrderBy(r => r.Currency != Chosen).ToList();
        if (used.Count == 0 || Convert(new Money(0, charged)) is null)
        {
            return null;
        }
        var rates = string.Join("; ", used.Select(r =>
            $"1 {r.Currency} = {r.EurPerUnit.ToString("0.####", CultureInfo.InvariantCulture)} {CurrencyConversion.Base} as of {r.AsOf.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} ({r.Source})"));
        return $"Charged in {charged}. Rate {rates}.";
    }

    /// <summary>"US$ 12.34", "CA$ 12.34", "CHF 12.34", "€12.34": unambiguous next to the store's "$" prices.</summary>
    public static string Format(Money money) => money.Currency switch
    {
        "USD" => "US" + WebPage.Price(money).Replace("$", "$ ", StringComparison.Ordinal),
        "CAD" => "CA$ " + WebPage.Price(money)[4..],
        _ => WebPage.Price(money),
    };
}

/// <summary>
/// Reads the shopper's currency once per request (a storefront page renders many prices) from the
/// <see cref="CookieName"/> cookie and the cached latest rates; <c>POST /store/currency</c> sets the cookie.
/// </summary>
public sealed class ShopperCurrencies(IExchangeRates rates)
{
    public const string CookieName = "orderly.currency";

    private Task<ShopperCurrency>? _current;

    public Task<ShopperCurrency> CurrentAsync(HttpContext context) => _current ??= LoadAsync(context);

    private async Task<ShopperCurrency> LoadAsync(HttpContext context)
    {
        var latest = await rates.LatestAsync(context.RequestAborted);
        IReadOnlyList<string> offered = [CurrencyConversion.Base, .. latest.Select(r => r.Currency)];
        var chosen = context.Request.Cookies[CookieName];
        return new ShopperCurrency(chosen is not null && offered.Contains(chosen, StringComparer.Ordinal) ? chosen : null, offered, latest);
    }

    /// <summary>The picker's form post: remembers the currency for a year and goes back to the page. No JavaScript needed.</summary>
    public static async Task<IResult> ChooseAsync([FromForm] string? currency, [FromForm] string? returnUrl, HttpContext context, IExchangeRates rates)
    {
        var back = WebPage.LocalUrl(returnUrl);
        var latest = await rates.LatestAsync(context.RequestAborted);
        if (currency == CurrencyConversion.Base || latest.Any(r => r.Currency == currency))
        {
            context.Response.Cookies.Append(CookieName, currency!, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                IsEssential = true, // remembers a choice the shopper made; nothing is tracked
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
        }
        return Results.LocalRedirect(back);
    }
}
