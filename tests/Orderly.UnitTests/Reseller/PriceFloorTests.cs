using Microsoft.Extensions.Options;
using Orderly.Reseller;

namespace Orderly.UnitTests.Reseller;

public sealed class PriceFloorTests
{
    [Theory]
    [InlineData(2000, 0, 2000)]
    [InlineData(2000, 25, 1500)]
    [InlineData(1999, 10, 1800)] // 1799.1 rounds up: a price rounded down never slips under the floor
    [InlineData(2000, 100, 0)]
    [InlineData(1234, 12.5, 1080)] // 1079.75 → 1080
    public void The_floor_is_the_catalog_price_less_the_discount_rounded_up_to_the_cent(long catalog, double discount, long floor) =>
        Assert.Equal(floor, PriceFloor.FloorEurMinor(catalog, (decimal)discount));

    [Fact]
    public void The_catalog_unit_price_is_the_total_over_the_quantity_in_EUR()
    {
        Assert.Equal(1500, PriceFloor.CatalogUnitEurMinor(4500, 3, 1m));
        Assert.Equal(1350, PriceFloor.CatalogUnitEurMinor(1500, 1, 0.9m));
        Assert.True(PriceFloor.IsBelow(1499, 1500));
        Assert.False(PriceFloor.IsBelow(1500, 1500));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(12.5, true)]
    [InlineData(-1, false)]
    [InlineData(100.01, false)]
    [InlineData(1.234, false)]
    public void A_discount_is_a_percentage_with_two_decimals(double percent, bool valid) =>
        Assert.Equal(valid, PriceFloor.IsValidDiscount((decimal)percent));

    [Fact]
    public void Refused_requests_are_logged_up_to_the_budget_per_address_and_minute()
    {
        var budget = new RefusedRequestBudget(Options.Create(new ResellerOptions { RefusedRequestsLoggedPerMinute = 2 }));
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 5, TimeSpan.Zero);

        Assert.True(budget.TryTake("203.0.113.7", now));
        Assert.True(budget.TryTake("203.0.113.7", now.AddSeconds(10)));
        Assert.False(budget.TryTake("203.0.113.7", now.AddSeconds(20)));
        Assert.True(budget.TryTake("198.51.100.1", now.AddSeconds(20))); // another address has its own budget
        Assert.True(budget.TryTake("203.0.113.7", now.AddMinutes(1))); // the next minute starts afresh
    }

    [Fact]
    public void All_addresses_together_get_twenty_times_the_budget()
    {
        var budget = new RefusedRequestBudget(Options.Create(new ResellerOptions { RefusedRequestsLoggedPerMinute = 1 }));
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var taken = Enumerable.Range(0, 50).Count(i => budget.TryTake($"10.0.0.{i}", now));
        Assert.Equal(20, taken);
    }
}
