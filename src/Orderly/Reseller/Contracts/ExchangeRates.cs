namespace Orderly.Reseller.Contracts;

/// <summary>A recorded rate: EUR for one unit of <paramref name="Currency"/>, where it came from and when it was valid.</summary>
public sealed record ExchangeRate(string Currency, decimal EurPerUnit, string Source, DateTime AsOf);

/// <summary>The latest recorded exchange rates (<c>POST /api/admin/reseller/fx-rates</c>), for showing prices in other currencies.</summary>
public interface IExchangeRates
{
    /// <summary>The latest rate of each currency that has one (EUR is the base and never listed). Cached for a few seconds.</summary>
    Task<IReadOnlyList<ExchangeRate>> LatestAsync(CancellationToken cancellationToken);
}

/// <summary>Conversion through EUR with recorded rates (display only: the shop always charges in the product's currency).</summary>
public static class CurrencyConversion
{
    public const string Base = "EUR";

    /// <summary>
    /// <paramref name="amount"/> (minor units of <paramref name="from"/>) in minor units of
    /// <paramref name="to"/>, rounded half away from zero to the cent; null when either currency has no rate.
    /// </summary>
    public static long? Convert(long amount, string from, string to, IReadOnlyList<ExchangeRate> rates)
    {
        if (from == to)
        {
            return amount;
        }
        if (EurPerUnit(from, rates) is not { } fromRate || EurPerUnit(to, rates) is not { } toRate)
        {
            return null;
        }
        return (long)decimal.Round(amount * fromRate / toRate, 0, MidpointRounding.AwayFromZero);
    }

    public static decimal? EurPerUnit(string currency, IReadOnlyList<ExchangeRate> rates) =>
        currency == Base ? 1m : rates.FirstOrDefault(r => r.Currency == currency)?.EurPerUnit;
}
