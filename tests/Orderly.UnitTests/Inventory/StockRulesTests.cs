using Orderly.Inventory;
using Orderly.Inventory.Contracts;

namespace Orderly.UnitTests.Inventory;

public sealed class StockRulesTests
{
    [Fact]
    public void A_reservation_that_exactly_fits_available_stock_succeeds()
    {
        Assert.True(StockRules.CanReserve(available: 3, unlimited: false, quantity: 3));
    }

    [Fact]
    public void A_reservation_one_over_available_stock_fails()
    {
        Assert.False(StockRules.CanReserve(available: 3, unlimited: false, quantity: 4));
    }

    [Fact]
    public void An_unlimited_product_can_reserve_beyond_available_stock()
    {
        Assert.True(StockRules.CanReserve(available: 0, unlimited: true, quantity: 1_000));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, -1)]
    [InlineData(true, 0)]
    [InlineData(true, -5)]
    public void A_zero_or_negative_quantity_is_never_reservable(bool unlimited, int quantity)
    {
        Assert.False(StockRules.CanReserve(available: 10, unlimited, quantity));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(4, true)]
    [InlineData(0, true)]
    [InlineData(6, false)]
    public void Low_stock_alerts_at_or_below_the_threshold(int available, bool expected)
    {
        Assert.Equal(expected, StockRules.ShouldAlertLow(available, threshold: 5, alreadyAlerted: false));
    }

    [Fact]
    public void Low_stock_alerts_only_once_until_re_armed()
    {
        Assert.False(StockRules.ShouldAlertLow(available: 2, threshold: 5, alreadyAlerted: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_threshold_of_zero_disables_low_stock_alerts(int threshold)
    {
        Assert.False(StockRules.ShouldAlertLow(available: 0, threshold, alreadyAlerted: false));
    }

    [Fact]
    public void Depleted_stock_alerts_when_nothing_is_left()
    {
        Assert.True(StockRules.ShouldAlertDepleted(available: 0, alreadyAlerted: false));
    }

    [Fact]
    public void Depleted_stock_alerts_only_once()
    {
        Assert.False(StockRules.ShouldAlertDepleted(available: 0, alreadyAlerted: true));
    }

    [Fact]
    public void Stock_that_is_not_empty_is_not_depleted()
    {
        Assert.False(StockRules.ShouldAlertDepleted(available: 1, alreadyAlerted: false));
    }

    [Fact]
    public void Normalize_merges_repeated_products_and_orders_lines_by_product_id()
    {
        var first = new Guid("00000000-0000-0000-0000-000000000001");
        var second = new Guid("00000000-0000-0000-0000-000000000002");
        var third = new Guid("00000000-0000-0000-0000-000000000003");

        var normalized = StockRules.Normalize(
        [
            new StockRequest(third, "C", 1),
            new StockRequest(first, "A", 2),
            new StockRequest(third, "C", 4),
            new StockRequest(second, "B", 1),
            new StockRequest(first, "A", 3),
        ]);

        Assert.Equal(
            [new StockRequest(first, "A", 5), new StockRequest(second, "B", 1), new StockRequest(third, "C", 5)],
            normalized);
    }

    [Fact]
    public void Normalize_of_no_lines_is_empty()
    {
        Assert.Empty(StockRules.Normalize([]));
    }

    private static readonly Guid Hot = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Other = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Codes = new("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void Allocate_serves_a_batch_in_arrival_order_until_stock_runs_out()
    {
        var counters = new Dictionary<Guid, StockCounter> { [Hot] = new(Available: 5, Unlimited: false) };

        var decision = StockRules.Allocate(counters,
        [
            [new StockRequest(Hot, "HOT", 2)],
            [new StockRequest(Hot, "HOT", 2)],
            [new StockRequest(Hot, "HOT", 2)],
            [new StockRequest(Hot, "HOT", 1)],
        ]);

        Assert.Null(decision.Refusals[0]);
        Assert.Null(decision.Refusals[1]);
        Assert.Equal(new ReserveOutcome.InsufficientStock("HOT", 2, 1), decision.Refusals[2]);
        Assert.Null(decision.Refusals[3]);
        Assert.Equal(5, decision.Taken[Hot]);
    }

    [Fact]
    public void Allocate_refuses_an_order_whole_when_one_of_its_lines_does_not_fit()
    {
        var counters = new Dictionary<Guid, StockCounter>
        {
            [Hot] = new(Available: 1, Unlimited: false),
            [Other] = new(Available: 10, Unlimited: false),
        };

        var decision = StockRules.Allocate(counters,
        [
            [new StockRequest(Other, "OTHER", 3), new StockRequest(Hot, "HOT", 2)],
            [new StockRequest(Other, "OTHER", 4)],
        ]);

        Assert.Equal(new ReserveOutcome.InsufficientStock("HOT", 2, 1), decision.Refusals[0]);
        Assert.Null(decision.Refusals[1]);
        // Nothing of the refused order was taken: only the second order's 4.
        Assert.Equal(4, decision.Taken[Other]);
        Assert.False(decision.Taken.ContainsKey(Hot));
    }

    [Fact]
    public void Allocate_counts_unlimited_products_without_a_ceiling_and_refuses_untracked_ones()
    {
        var counters = new Dictionary<Guid, StockCounter> { [Codes] = new(Available: 0, Unlimited: true) };

        var decision = StockRules.Allocate(counters,
        [
            [new StockRequest(Codes, "CODES", 50)],
            [new StockRequest(Codes, "CODES", 60)],
            [new StockRequest(Hot, "UNTRACKED", 1)],
        ]);

        Assert.Null(decision.Refusals[0]);
        Assert.Null(decision.Refusals[1]);
        Assert.Equal(new ReserveOutcome.InsufficientStock("UNTRACKED", 1, 0), decision.Refusals[2]);
        Assert.Equal(110, decision.Taken[Codes]);
    }

    [Fact]
    public void Allocate_merges_repeated_lines_of_one_order_before_deciding()
    {
        var counters = new Dictionary<Guid, StockCounter> { [Hot] = new(Available: 3, Unlimited: false) };

        var decision = StockRules.Allocate(counters, [[new StockRequest(Hot, "HOT", 2), new StockRequest(Hot, "HOT", 2)]]);

        Assert.Equal(new ReserveOutcome.InsufficientStock("HOT", 4, 3), decision.Refusals[0]);
        Assert.Empty(decision.Taken);
    }
}
