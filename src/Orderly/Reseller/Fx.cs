using System.Globalization;

namespace Orderly.Reseller;

/// <summary>An exchange rate as used for one order: EUR per unit of the input currency, where it came from and when.</summary>
internal sealed record FxQuote(string Currency, decimal EurPerUnit, string Source, DateTime AsOf)
{
    public static FxQuote Euro(DateTime at) => new("EUR", 1m, "identity", at);
}

/// <summary>Currency conversion for the wallet. Money is in minor units (cents); rates are decimals.</summary>
internal static class Fx
{
    /// <summary>The currencies the reseller API accepts.</summary>
    public static readonly IReadOnlyList<string> Currencies = ["EUR", "USD", "CHF", "CAD"];

    public static bool IsSupported(string? currency) => currency is not null && Currencies.Contains(currency, StringComparer.Ordinal);

    /// <summary>A decimal amount (e.g. 12.99) as minor units, or null when it has more than two decimals or is negative.</summary>
    public static long? ToMinor(decimal amount) =>
        amount < 0 || decimal.Round(amount, 2) != amount || amount > long.MaxValue / 100m ? null : (long)(amount * 100m);

    public static decimal ToMajor(long minor) => minor / 100m;

    /// <summary>
    /// The EUR price of one unit: the input unit price times the rate, rounded half away from zero
    /// to the cent. The debit is this times the quantity, so <c>debited = eur_per_unit × quantity</c>
    /// holds to the cent in every answer.
    /// </summary>
    public static long UnitEurMinor(long unitMinor, decimal eurPerUnit) =>
        (long)decimal.Round(unitMinor * eurPerUnit, 0, MidpointRounding.AwayFromZero);

    public static long DebitEurMinor(long unitMinor, int quantity, decimal eurPerUnit) => checked(UnitEurMinor(unitMinor, eurPerUnit) * quantity);

    public static string Format(decimal rate) => rate.ToString("0.##########", CultureInfo.InvariantCulture);
}
