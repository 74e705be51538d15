using Orderly.Hosting;
using Orderly.Reseller.Contracts;
using Orderly.Web.Store;

namespace Orderly.UnitTests.Reseller;

/// <summary>Display prices in another currency: through EUR with the recorded rates, rounded half away from zero to the cent.</summary>
public sealed class CurrencyConversionTests
{
    private static readonly DateTime AsOf = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

    private static readonly IReadOnlyList<ExchangeRate> Rates =
    [
        new("USD", 0.92m, "ECB", AsOf),
        new("CHF", 1.05m, "ECB", AsOf),
        new("CAD", 0.5m, "ECB", AsOf),
    ];

    [Theory]
    [InlineData(1234L, "EUR", "USD", 1341L)] // 12.34 / 0.92 = 13.4130…
    [InlineData(1000L, "EUR", "CHF", 952L)] // 10.00 / 1.05 = 9.5238…
    [InlineData(1000L, "USD", "EUR", 920L)]
    [InlineData(1000L, "CHF", "USD", 1141L)] // 10.50 EUR / 0.92 = 11.413…
    [InlineData(1L, "CAD", "EUR", 1L)] // half a cent rounds away from zero
    [InlineData(-1L, "CAD", "EUR", -1L)]
    [InlineData(4999L, "EUR", "EUR", 4999L)]
    public void Converts_through_euros_and_rounds_half_away_from_zero(long amount, string from, string to, long expected) =>
        Assert.Equal(expected, CurrencyConversion.Convert(amount, from, to, Rates));

    [Fact]
    public void A_currency_without_a_recorded_rate_is_not_converted()
    {
        Assert.Null(CurrencyConversion.Convert(1000, "EUR", "GBP", Rates));
        Assert.Null(CurrencyConversion.Convert(1000, "GBP", "USD", Rates));
    }

    [Fact]
    public void The_shopper_sees_an_approximate_price_and_the_rate_it_came_from()
    {
        var usd = new ShopperCurrency("USD", ["EUR", "USD", "CHF", "CAD"], Rates);
        var converted = usd.Convert(new Money(1234, "EUR"));
        Assert.Equal(new Money(1341, "USD"), converted);
        Assert.Equal("US$ 13.41", ShopperCurrency.Format(converted!.Value));
        Assert.Equal("CA$ 1,234.50", ShopperCurrency.Format(new Money(123450, "CAD")));
        Assert.Equal("CHF 9.52", ShopperCurrency.Format(new Money(952, "CHF")));
        Assert.Equal("Charged in EUR. Rate 1 USD = 0.92 EUR as of 20 Nov 2026 (ECB).", usd.Note("EUR"));

        // The store's own currency, or no pick at all: prices as charged, no note.
        Assert.Null(usd.Convert(new Money(1234, "USD")));
        Assert.Null(usd.Note("USD"));
        var none = new ShopperCurrency(null, ["EUR"], []);
        Assert.Null(none.Convert(new Money(1234, "EUR")));
        Assert.Null(none.Note("EUR"));
    }
}
