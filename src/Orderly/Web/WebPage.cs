using Orderly.Hosting;

namespace Orderly.Web;

/// <summary>Small helpers the pages share.</summary>
public static class WebPage
{
    /// <summary>A return address that stays on this site (see <see cref="LocalUrls.OrFallback"/>).</summary>
    public static string LocalUrl(string? url, string fallback = "/") => LocalUrls.OrFallback(url, fallback);

    /// <summary>A price as shoppers read it (see <see cref="MoneyText.Format"/>).</summary>
    public static string Price(Money money) => MoneyText.Format(money);
}
