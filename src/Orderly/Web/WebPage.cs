using System.Globalization;
using Orderly.Hosting;

namespace Orderly.Web;

/// <summary>Small helpers the pages share.</summary>
public static class WebPage
{
    /// <summary>
    /// A return address that stays on this site: a local path ("/x", not "//host" or "/\host"),
    /// else <paramref name="fallback"/>. Guards every ?returnUrl= against open redirects.
    /// </summary>
    public static string LocalUrl(string? url, string fallback = "/") =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : fallback;

    /// <summary>A price as shoppers read it: "€49.00", "CHF 12.50" (two decimals, invariant digits).</summary>
    public static string Price(Money money)
    {
        var amount = (money.Amount / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return money.Currency switch
        {
            "EUR" => $"€{amount}",
            "USD" => $"${amount}",
            "GBP" => $"£{amount}",
            _ => $"{money.Currency} {amount}",
        };
    }
}
