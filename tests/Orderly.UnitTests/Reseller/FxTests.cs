using Orderly.Reseller;

namespace Orderly.UnitTests.Reseller;

public sealed class FxTests
{
    [Theory]
    [InlineData("129", 12900L)]
    [InlineData("12.99", 1299L)]
    [InlineData("0.1", 10L)]
    [InlineData("0", 0L)]
    public void A_decimal_amount_becomes_minor_units(string amount, long minor) =>
        Assert.Equal(minor, Fx.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("12.999")]
    [InlineData("-1")]
    public void An_amount_with_more_than_two_decimals_or_below_zero_is_refused(string amount) =>
        Assert.Null(Fx.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Euros_convert_one_to_one() => Assert.Equal(12_900, Fx.DebitEurMinor(12_900, 1, 1m));

    [Fact]
    public void The_unit_price_is_rounded_half_away_from_zero_to_the_cent_before_the_quantity()
    {
        // 12.99 USD × 0.8765 = 11.385735 EUR → 11.39; × 3 = 34.17 (not round(34.157205) = 34.16).
        Assert.Equal(1139, Fx.UnitEurMinor(1299, 0.8765m));
        Assert.Equal(3417, Fx.DebitEurMinor(1299, 3, 0.8765m));
        // Exactly half a cent rounds up: 1 cent × 0.5 = 0.5 → 1.
        Assert.Equal(1, Fx.UnitEurMinor(1, 0.5m));
        Assert.Equal(0, Fx.UnitEurMinor(1, 0.4999m));
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("USD", true)]
    [InlineData("CHF", true)]
    [InlineData("CAD", true)]
    [InlineData("GBP", false)]
    [InlineData("usd", false)]
    [InlineData(null, false)]
    public void Only_the_four_api_currencies_are_supported(string? currency, bool supported) => Assert.Equal(supported, Fx.IsSupported(currency));
}
