using System.Globalization;

namespace Orderly.Hosting;

/// <summary>
/// Money as shoppers read it, wherever a text names an amount: pages, a coupon's refusal, a cart's
/// shipping line, a follow-up e-mail. One formatter, so an amount reads the same everywhere.
/// </summary>
public static class MoneyText
{
    /// <summary>"€49.00", "CHF 12.50" (two decimals, invariant digits).</summary>
    public static string Format(Money money)
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
