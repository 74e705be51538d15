using Orderly.Payments;

namespace Orderly.UnitTests.Payments;

public sealed class ProviderAmountsTests
{
    [Theory]
    [InlineData("19.99", "EUR", 1999)]
    [InlineData("20", "USD", 2000)]
    [InlineData("0.5", "EUR", 50)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1.234", "KWD", 1234)]
    [InlineData("-5.00", "EUR", -500)]
    public void A_decimal_string_becomes_minor_units_by_the_currency_exponent(string value, string currency, long minor)
    {
        Assert.True(ProviderAmounts.TryToMinor(value, currency, out var parsed));
        Assert.Equal(minor, parsed);
    }

    [Theory]
    [InlineData("19.999", "EUR")]
    [InlineData("1500.5", "JPY")]
    [InlineData("1,00", "EUR")]
    [InlineData("", "EUR")]
    [InlineData(null, "EUR")]
    [InlineData("1e3", "EUR")]
    public void A_value_the_currency_cannot_hold_exactly_is_refused_not_rounded(string? value, string currency)
    {
        Assert.False(ProviderAmounts.TryToMinor(value, currency, out _));
    }

    [Theory]
    [InlineData(1999, "EUR", "19.99")]
    [InlineData(5, "USD", "0.05")]
    [InlineData(1500, "JPY", "1500")]
    [InlineData(1234, "BHD", "1.234")]
    public void Minor_units_print_as_the_providers_decimal_string(long minor, string currency, string value)
    {
        Assert.Equal(value, ProviderAmounts.ToDecimal(minor, currency));
    }
}
