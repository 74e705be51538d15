using System.Globalization;

namespace Orderly.Payments;

/// <summary>
/// Decimal amount strings as PayPal and WooCommerce send them ("10.99") ↔ minor units, by the
/// currency's ISO 4217 exponent. A string with more decimals than the currency has is refused
/// rather than rounded: money must not change on the way in.
/// </summary>
public static class ProviderAmounts
{
    private static readonly HashSet<string> NoDecimals = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
        // PayPal treats these as whole units although ISO gives them two decimals.
        "HUF", "TWD",
    };

    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.OrdinalIgnoreCase) { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };

    public static int Exponent(string currency) => NoDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    public static bool TryToMinor(string? value, string currency, out long minor)
    {
        minor = 0;
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        var scaled = amount * Pow10(Exponent(currency));
        if (scaled != decimal.Truncate(scaled) || scaled is > long.MaxValue or < long.MinValue)
        {
            return false;
        }
        minor = (long)scaled;
        return true;
    }

    public static string ToDecimal(long minor, string currency)
    {
        var exponent = Exponent(currency);
        return (minor / Pow10(exponent)).ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
